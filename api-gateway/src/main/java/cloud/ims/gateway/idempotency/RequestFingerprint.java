package cloud.ims.gateway.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * What makes two requests "the same request": method, path, query, content type and body. Uploads are fingerprinted
 * by their length instead of their bytes, which are streamed, never held.
 */
final class RequestFingerprint {

	private RequestFingerprint() {
	}

	static String of(ServerHttpRequest request, byte[] body) {
		MessageDigest sha256 = sha256();
		update(sha256, request.getMethod().name());
		update(sha256, request.getURI().getRawPath());
		update(sha256, String.valueOf(request.getURI().getRawQuery()));
		update(sha256, String.valueOf(request.getHeaders().getContentType()));
		sha256.update(body);
		return HexFormat.of().formatHex(sha256.digest());
	}

	static String ofStream(ServerHttpRequest request) {
		return of(request, String.valueOf(request.getHeaders().getContentLength()).getBytes(StandardCharsets.UTF_8));
	}

	private static void update(MessageDigest digest, String text) {
		digest.update(text.getBytes(StandardCharsets.UTF_8));
		digest.update((byte) 0);
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform provides SHA-256", ex);
		}
	}

}
