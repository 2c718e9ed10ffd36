package cloud.ims.core.imports;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import org.jspecify.annotations.Nullable;

/**
 * Which URLs an image may be downloaded from, and an export uploaded to. Neither may reach the service's own network:
 * hosts that resolve to loopback, link-local (cloud metadata included), private, shared or other non-public addresses
 * are refused unless allow-listed by name or address ({@code ims.import.allowed-hosts}). The check applies to every
 * address a name resolves to, at connection time and again after every redirect.
 */
public final class SourcePolicy {

	private final Set<String> allowedHosts;

	public SourcePolicy(Set<String> allowedHosts) {
		this.allowedHosts = allowedHosts.stream()
			.map((host) -> host.trim().toLowerCase(Locale.ROOT))
			.filter((host) -> !host.isEmpty())
			.collect(Collectors.toUnmodifiableSet());
	}

	/** Checks what can be checked without a name lookup: scheme, host, and a literal address. */
	public URI check(String url) {
		URI uri = parse(url, "image_url", "Use an http or https URL of the image file.");
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw refused("image_url must be an http or https URL"
					+ (url.contains(":") && !url.contains("://") ? " (the OBS form bucket:object has no meaning in this "
							+ "cloud; publish the file on a web server instead)." : "."));
		}
		return checkHost(uri, url, "image_url");
	}

	/**
	 * Checks where an export may be PUT ({@code bucket_url}) as {@link #check} checks a source: an https URL only
	 * (a pre-signed object URL carries its credentials in the query, which must not travel in clear), whose host is
	 * public or allow-listed.
	 */
	public URI checkDestination(String url) {
		URI uri = parse(url, "bucket_url", "Use the https URL of the object to write (a pre-signed URL).");
		if (uri.getScheme() == null || !uri.getScheme().equalsIgnoreCase("https")) {
			throw refused("bucket_url must be an https URL, such as a pre-signed object URL"
					+ (url.contains(":") && !url.contains("://") ? " (the OBS form bucket:object has no meaning in this "
							+ "cloud)." : "."));
		}
		return checkHost(uri, url, "bucket_url");
	}

	private static URI parse(String url, String field, String advice) {
		try {
			return URI.create(url.trim());
		}
		catch (IllegalArgumentException malformed) {
			throw refused(field + " '" + url + "' is not a valid URL. " + advice);
		}
	}

	private URI checkHost(URI uri, String url, String field) {
		if (uri.getHost() == null || uri.getHost().isBlank()) {
			throw refused(field + " '" + url + "' names no host.");
		}
		if (uri.getUserInfo() != null) {
			throw refused(field + " may not carry credentials; use a URL that needs none (e.g. a pre-signed one).");
		}
		String host = hostOf(uri);
		if (isLiteralAddress(host)) {
			requireAllowed(host, literal(host));
		}
		else if (host.equals("localhost") || host.endsWith(".localhost")) {
			requireAllowed(host, InetAddress.getLoopbackAddress());
		}
		return uri;
	}

	/** Refuses an address the name resolved to unless it is public or allow-listed. */
	public void requireAllowed(String host, InetAddress address) {
		if (isAllowListed(host, address) || isPublic(address)) {
			return;
		}
		throw refused("Host " + host + " resolves to " + address.getHostAddress()
				+ ", an address of an internal network, which imports and exports may not reach. Use a public "
				+ "address, or ask the operators to allow-list the host (ims.import.allowed-hosts).");
	}

	private boolean isAllowListed(String host, InetAddress address) {
		return this.allowedHosts.contains(host.toLowerCase(Locale.ROOT))
				|| this.allowedHosts.contains(address.getHostAddress().toLowerCase(Locale.ROOT));
	}

	static boolean isPublic(InetAddress address) {
		if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
				|| address.isAnyLocalAddress() || address.isMulticastAddress()) {
			return false;
		}
		byte[] bytes = address.getAddress();
		if (address instanceof Inet4Address) {
			int first = bytes[0] & 0xff;
			int second = bytes[1] & 0xff;
			boolean sharedAddressSpace = first == 100 && second >= 64 && second <= 127;
			boolean reserved = first == 0 || first >= 240 || (first == 192 && second == 0 && (bytes[2] & 0xff) == 0)
					|| (first == 198 && (second == 18 || second == 19));
			return !sharedAddressSpace && !reserved;
		}
		if (address instanceof Inet6Address) {
			boolean uniqueLocal = (bytes[0] & 0xfe) == 0xfc;
			return !uniqueLocal;
		}
		return false;
	}

	private static String hostOf(URI uri) {
		String host = uri.getHost().toLowerCase(Locale.ROOT);
		return (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
	}

	private static boolean isLiteralAddress(String host) {
		return host.matches("[0-9.]+") || host.contains(":");
	}

	private static InetAddress literal(String host) {
		try {
			// A literal address: no lookup happens.
			return InetAddress.getByName(host);
		}
		catch (java.net.UnknownHostException ex) {
			throw refused("Host " + host + " is not a valid address.");
		}
	}

	private static ImsException refused(String message) {
		return new ImsException(Kind.INVALID, "IMG.0426", message);
	}

	/** True when an exception is this policy's refusal. */
	public static boolean isRefusal(@Nullable Throwable error) {
		return error instanceof ImsException ims && ims.code().equals("IMG.0426");
	}

}
