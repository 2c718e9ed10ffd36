package cloud.ims.standalone.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every JSON body is bounded ({@code ims.http.max-json-body}, 1 MiB) before anything holds it, with or without
 * {@code X-Client-Token}, whose filter used to read a body whole to fingerprint it (a 700 MiB body ended the gateway
 * with OutOfMemoryError). Here a body of 2 GiB is streamed over a plain TLS socket, a 64 KiB chunk at a time, and the
 * gateway's answer is read while it is being sent: 413 {@code IMS.0413}, the same code and message either way, given
 * before an eighth of it had been sent (a gateway that held the body could answer only after all of it). Nothing is
 * created, the client token stays unused, and the gateway goes on serving.
 */
class RequestBodyLimitIT {

	private static final long FAR_OVER = 2L << 30;

	private static final long ANSWERED_WITHIN = 256L << 20;

	private static final byte[] CHUNK = ("\"" + "x".repeat(64 * 1024 - 4) + "\",").getBytes(StandardCharsets.US_ASCII);

	private final Tenant tenant = Tenant.newProject();

	@Test
	void refusesAStreamedBodyFarOverTheBoundWithAndWithoutAClientToken() throws Exception {
		String token = "huge-" + UUID.randomUUID();

		Refusal without = send(null, false);
		Refusal with = send(token, false);

		assertThat(with.message()).isEqualTo(without.message()).contains("larger than 1048576 bytes");
		assertThat(without.sentBeforeTheAnswer()).as("bytes sent before the answer, without a token")
			.isLessThan(ANSWERED_WITHIN);
		assertThat(with.sentBeforeTheAnswer()).as("bytes sent before the answer, with a token")
			.isLessThan(ANSWERED_WITHIN);
		assertNothingCreatedAndStillServing(token);
	}

	@Test
	void refusesADeclaredLengthFarOverTheBoundBeforeReadingIt() throws Exception {
		String token = "declared-" + UUID.randomUUID();

		Refusal without = send(null, true);
		Refusal with = send(token, true);

		assertThat(with.message()).isEqualTo(without.message()).contains("larger than 1048576 bytes");
		assertThat(with.sentBeforeTheAnswer()).isLessThan(ANSWERED_WITHIN);
		assertNothingCreatedAndStillServing(token);
	}

	/** Larger than the codecs' own default of 256 KiB, which no longer applies: one bound, whoever reads. */
	@Test
	void takesABodyWithinTheBoundWithAndWithoutAClientToken() {
		String body = "{\"name\":\"within\",\"notes\":\"" + "n".repeat(60_000) + "\"" + " ".repeat(900 * 1024) + "}";

		Map<String, Object> created = this.tenant.json(createImage("within-" + UUID.randomUUID()).bodyValue(body)
			.exchange(), HttpStatus.CREATED);
		this.tenant.json(createImage(null).bodyValue(body.replace("within", "within-too")).exchange(),
				HttpStatus.CREATED);

		assertThat(this.tenant.json(this.tenant.get("/v2/images/" + created.get("id")), HttpStatus.OK))
			.containsEntry("notes", "n".repeat(60_000));
	}

	/** Nothing was recorded, the token still does the work of a first request, and the gateway is healthy. */
	@SuppressWarnings("unchecked")
	private void assertNothingCreatedAndStillServing(String token) {
		List<Map<String, Object>> images = (List<Map<String, Object>>) this.tenant
			.json(this.tenant.get("/v2/images?owner=" + this.tenant.projectId), HttpStatus.OK)
			.get("images");
		assertThat(images).isEmpty();
		assertThat(this.tenant.imageQuotaUsed()).isZero();

		Map<String, Object> created = this.tenant.json(createImage(token).bodyValue("{\"name\":\"after\"}")
			.exchange()
			.expectHeader()
			.doesNotExist("X-Idempotent-Replay"), HttpStatus.CREATED);
		assertThat(created).containsEntry("name", "after");
		TestStack.get().client().get().uri("/actuator/health").exchange().expectStatus().isOk();
	}

	private WebTestClient.RequestBodySpec createImage(String clientToken) {
		WebTestClient.RequestBodySpec request = this.tenant.http.post()
			.uri("/v2/images")
			.header("X-Auth-Token", this.tenant.token)
			.contentType(MediaType.APPLICATION_JSON);
		if (clientToken != null) {
			request.header("X-Client-Token", clientToken);
		}
		return request;
	}

	/**
	 * Creates an image with a JSON body of {@value #FAR_OVER} bytes, sent by another thread a 64 KiB chunk at a time
	 * (one chunk, written again and again: nothing of that size is allocated), declared with {@code Content-Length} or
	 * chunked; reads the answer while the body is being sent and stops sending then.
	 */
	private Refusal send(String clientToken, boolean declared) throws Exception {
		AtomicLong sent = new AtomicLong();
		AtomicBoolean answered = new AtomicBoolean();
		try (SSLSocket socket = trustingSocket()) {
			socket.setSoTimeout(60_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /v2/images HTTP/1.1\r\nHost: localhost\r\nX-Auth-Token: " + this.tenant.token
					+ "\r\nContent-Type: application/json\r\n"
					+ ((clientToken != null) ? "X-Client-Token: " + clientToken + "\r\n" : "")
					+ (declared ? "Content-Length: " + FAR_OVER : "Transfer-Encoding: chunked") + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			Thread sender = new Thread(() -> sendBody(out, declared, sent, answered), "huge-body");
			sender.setDaemon(true);
			sender.start();
			Answer answer = Answer.read(socket.getInputStream());
			long sentBeforeTheAnswer = sent.get();
			answered.set(true);
			assertThat(answer.status()).isEqualTo(413);
			@SuppressWarnings("unchecked")
			Map<String, Object> error = (Map<String, Object>) JsonMapper.builder().build()
				.readValue(answer.body(), Map.class)
				.get("error");
			assertThat(error).containsEntry("code", "IMS.0413").containsKey("request_id");
			return new Refusal((String) error.get("message"), sentBeforeTheAnswer);
		}
	}

	private static void sendBody(OutputStream out, boolean declared, AtomicLong sent, AtomicBoolean answered) {
		byte[] frame = declared ? CHUNK : frame(CHUNK);
		try {
			byte[] head = "{\"name\":\"huge\",\"notes\":[".getBytes(StandardCharsets.US_ASCII);
			out.write(declared ? head : frame(head));
			sent.addAndGet(head.length);
			while (!answered.get() && sent.get() + CHUNK.length < FAR_OVER) {
				out.write(frame);
				sent.addAndGet(CHUNK.length);
			}
		}
		catch (IOException closed) {
			// The gateway closed the connection, or the test did once it had its answer.
		}
	}

	private static byte[] frame(byte[] chunk) {
		ByteArrayOutputStream framed = new ByteArrayOutputStream(chunk.length + 16);
		framed.writeBytes((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
		framed.writeBytes(chunk);
		framed.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
		return framed.toByteArray();
	}

	private static SSLSocket trustingSocket() throws Exception {
		SSLContext tls = SSLContext.getInstance("TLS");
		tls.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
		String baseUrl = TestStack.get().baseUrl();
		return (SSLSocket) tls.getSocketFactory()
			.createSocket("localhost", Integer.parseInt(baseUrl.substring(baseUrl.lastIndexOf(':') + 1)));
	}

	private record Refusal(String message, long sentBeforeTheAnswer) {
	}

	/** An HTTP/1.1 answer: its status and its body, sized or chunked. */
	private record Answer(int status, String body) {

		static Answer read(InputStream in) throws IOException {
			String statusLine = line(in);
			Map<String, String> headers = new LinkedHashMap<>();
			for (String header = line(in); !header.isEmpty(); header = line(in)) {
				int colon = header.indexOf(':');
				headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
			}
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			if (headers.containsKey("content-length")) {
				body.writeBytes(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
			}
			else {
				for (int size = Integer.parseInt(line(in), 16); size > 0; size = Integer.parseInt(line(in), 16)) {
					body.writeBytes(in.readNBytes(size));
					line(in);
				}
			}
			return new Answer(Integer.parseInt(statusLine.split(" ")[1]), body.toString(StandardCharsets.UTF_8));
		}

		private static String line(InputStream in) throws IOException {
			StringBuilder line = new StringBuilder();
			for (int next = in.read(); next != '\n'; next = in.read()) {
				if (next < 0) {
					throw new IOException("The gateway closed the connection before it answered: " + line);
				}
				if (next != '\r') {
					line.append((char) next);
				}
			}
			return line.toString();
		}

	}

}
