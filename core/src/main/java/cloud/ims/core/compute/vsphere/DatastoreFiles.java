package cloud.ims.core.compute.vsphere;

import java.io.FileNotFoundException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cloud.ims.core.compute.DriverFailure;
import cloud.ims.core.compute.DriverUnavailable;

/**
 * Files on a datastore through vCenter's HTTP file access ({@code /folder/<path>?dcPath=&dsName=}), streamed from and
 * to local files in the client's session, never whole in memory.
 */
final class DatastoreFiles {

	private static final Pattern DATASTORE_PATH = Pattern.compile("\\[([^\\]]+)\\]\\s*(.*)");

	/** How long one file may take to move: a 100 GB disk at 5 MB/s, and some. */
	static final Duration TRANSFER_TIMEOUT = Duration.ofHours(6);

	private final SoapTransport transport;

	private final String datacenterPath;

	DatastoreFiles(SoapTransport transport, String datacenterPath) {
		this.transport = transport;
		this.datacenterPath = datacenterPath.startsWith("/") ? datacenterPath.substring(1) : datacenterPath;
	}

	/** A file on a datastore, from vCenter's notation {@code [datastore] folder/file.vmdk}. */
	record DatastorePath(String datastore, String path) {

		static DatastorePath parse(String fileName) {
			Matcher matcher = DATASTORE_PATH.matcher(fileName.strip());
			if (!matcher.matches()) {
				throw new DriverFailure("vCenter names a disk file '" + fileName + "' that is not [datastore] path");
			}
			return new DatastorePath(matcher.group(1), matcher.group(2));
		}

		/** The file of that name in this file's folder. */
		DatastorePath sibling(String name) {
			int slash = this.path.lastIndexOf('/');
			return new DatastorePath(this.datastore, (slash < 0) ? name : this.path.substring(0, slash + 1) + name);
		}

	}

	URI url(DatastorePath file) {
		URI sdk = this.transport.sdk();
		StringBuilder path = new StringBuilder("/folder");
		for (String segment : file.path().split("/")) {
			if (!segment.isEmpty()) {
				path.append('/').append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
			}
		}
		String query = "dcPath=" + URLEncoder.encode(this.datacenterPath, StandardCharsets.UTF_8) + "&dsName="
				+ URLEncoder.encode(file.datastore(), StandardCharsets.UTF_8);
		return URI.create(sdk.getScheme() + "://" + sdk.getRawAuthority() + path + "?" + query);
	}

	CompletableFuture<Void> upload(Path source, DatastorePath target) {
		HttpRequest.BodyPublisher body;
		try {
			body = HttpRequest.BodyPublishers.ofFile(source);
		}
		catch (FileNotFoundException ex) {
			return CompletableFuture.failedFuture(new DriverFailure("the image's data " + source + " is missing", ex));
		}
		HttpRequest request = this.transport
			.withSession(HttpRequest.newBuilder(url(target))
				.timeout(TRANSFER_TIMEOUT)
				.header("Content-Type", "application/octet-stream")
				.PUT(body))
			.build();
		return this.transport.send(request, HttpResponse.BodyHandlers.discarding())
			.thenApply((response) -> check(response, "upload to", target));
	}

	/**
	 * Downloads the file into {@code target}, created or truncated unless {@code append} (then added at its end);
	 * answers the length of {@code target} afterwards. Cancelling the answer aborts the download.
	 */
	CompletableFuture<Long> download(DatastorePath source, Path target, boolean append) {
		HttpRequest request = this.transport
			.withSession(HttpRequest.newBuilder(url(source)).timeout(TRANSFER_TIMEOUT).GET())
			.build();
		CompletableFuture<HttpResponse<Path>> sent = this.transport.send(request,
				HttpResponse.BodyHandlers.ofFile(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
						append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING));
		CompletableFuture<Long> length = sent.thenApply((response) -> {
			check(response, "download", source);
			return target.toFile().length();
		});
		length.whenComplete((done, error) -> {
			if (length.isCancelled()) {
				sent.cancel(true);
			}
		});
		return length;
	}

	private static <T> Void check(HttpResponse<T> response, String what, DatastorePath file) {
		int status = response.statusCode();
		if (status >= 200 && status < 300) {
			return null;
		}
		String name = "[" + file.datastore() + "] " + file.path();
		if (status == 404) {
			throw new DriverFailure("vCenter has no file " + name + " to " + what);
		}
		if (status == 401 || status == 403) {
			throw new DriverUnavailable("vCenter refused to " + what + " " + name + " (HTTP " + status + ")");
		}
		if (status >= 500) {
			throw new DriverUnavailable("vCenter failed to " + what + " " + name + " (HTTP " + status + ")");
		}
		throw new DriverFailure("vCenter refused to " + what + " " + name + " (HTTP " + status + ")");
	}

}
