package cloud.ims.imageworker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.imports.SourcePolicy;
import cloud.ims.core.imports.ThroughputFloor;
import cloud.ims.core.imports.ThroughputWatch;
import cloud.ims.core.spring.ImportSettings;
import cloud.ims.core.store.ImageTooLarge;
import cloud.ims.core.store.StagingSink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Downloads an image file from an http(s) URL into a staging sink, with every limit a download needs: the source
 * policy on each address and after each redirect, a bounded number of redirects, a stall timeout (no bytes for a
 * while), a floor on the bytes delivered over every window (a trickle that never stalls), a total time limit and a
 * size limit. Each failure has its own error code.
 */
@Component
class WebSource {

	private static final URI DONE = URI.create("done:/");

	/**
	 * Received chunks waiting to be written: a bounded amount of (direct) memory whatever the file's size, since a
	 * chunk has at most {@link #MAX_CHUNK} bytes.
	 */
	private static final int PREFETCH = 16;

	/**
	 * The largest chunk read from the socket and handed on at once. Netty's HTTP decoder would cut the body into
	 * chunks of 8 KiB, and each chunk costs hand-offs between threads and a write call: 1 MiB makes those rare.
	 */
	private static final int MAX_CHUNK = 1024 * 1024;

	/**
	 * The buffers that downloads are read into, pooled and reused. Netty's default allocator pools no buffer over
	 * 256 KiB when the heap is under 512 MiB (the image-worker runs with 256 MiB), so each 1 MiB read would get a
	 * new direct buffer, which the JDK fills with zeros first: 2 GiB of zeros per 2 GiB image. One arena of 4 MiB
	 * chunks (8 KiB pages, order 9) serves every download.
	 */
	private static final PooledByteBufAllocator DOWNLOAD_BUFFERS = new PooledByteBufAllocator(true, 0, 1, 8192, 9, 0,
			0, false);

	private final HttpClient http;

	private final SourcePolicy policy;

	private final ImportSettings settings;

	WebSource(SourcePolicy policy, ImportSettings settings) {
		this.policy = policy;
		this.settings = settings;
		this.http = HttpClient.create(ConnectionProvider.newConnection())
			.resolver(new PolicyResolverGroup(policy))
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
			.option(ChannelOption.ALLOCATOR, DOWNLOAD_BUFFERS)
			.option(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(64 * 1024, 256 * 1024, MAX_CHUNK))
			.httpResponseDecoder((decoder) -> decoder.maxChunkSize(MAX_CHUNK))
			.responseTimeout(settings.stallTimeout())
			.followRedirect(false);
	}

	/** Downloads {@code uri} into {@code sink}; {@code progress} gets (bytes so far, bytes expected or -1). */
	void download(String uri, StagingSink sink, ProgressListener progress) {
		URI current = checked(uri);
		for (int redirects = 0; redirects <= this.settings.maxRedirects(); redirects++) {
			URI next = fetch(current, sink, progress);
			if (next == null) {
				return;
			}
			current = checked(current.resolve(next).toString());
		}
		throw new ImportFailed("IMG.0421", "The source redirected more than " + this.settings.maxRedirects()
				+ " times; give the final URL of the file.");
	}

	/** The URL if the source policy allows it; a refusal fails the import like any other bad source. */
	private URI checked(String uri) {
		try {
			return this.policy.check(uri);
		}
		catch (ImsException refused) {
			throw SourcePolicy.isRefusal(refused) ? new ImportFailed(refused.code(), refused.getMessage()) : refused;
		}
	}

	/** Answers the redirect target, or null once the file is in the sink. */
	private @Nullable URI fetch(URI uri, StagingSink sink, ProgressListener progress) {
		Duration stall = this.settings.stallTimeout();
		Duration total = this.settings.totalTimeout();
		try {
			URI next = this.http.get().uri(uri).response((response, body) -> {
				HttpResponseStatus status = response.status();
				if (status.code() >= 300 && status.code() < 400 && response.responseHeaders().contains(HttpHeaderNames.LOCATION)) {
					return Mono.fromCallable(() -> location(uri, response.responseHeaders().get(HttpHeaderNames.LOCATION)));
				}
				if (status.code() != 200) {
					return Mono.error(new ImportFailed("IMG.0421", "The source answered HTTP " + status.code() + " "
							+ status.reasonPhrase() + " for " + uri + ". Check that the URL serves the image file."));
				}
				long expected = contentLength(response.responseHeaders().get(HttpHeaderNames.CONTENT_LENGTH));
				if (expected > this.settings.maxSize().toBytes()) {
					return Mono.error(tooLarge());
				}
				// Netty's buffers go to the sink as they are (no copy), off the event loop: writing the file blocks.
				return body.retain()
					.timeout(stall, Flux.error(() -> stalled(stall)))
					.handle(aboveFloor(this.settings.throughputFloor().watch(System.nanoTime())))
					.publishOn(Schedulers.boundedElastic(), PREFETCH)
					.doOnNext((buffer) -> {
						write(sink, buffer);
						progress.bytes(sink.written(), expected);
					})
					.doOnDiscard(ByteBuf.class, ReferenceCountUtil::safeRelease)
					.then(Mono.fromCallable(() -> {
						if (expected >= 0 && sink.written() != expected) {
							throw new ImportFailed("IMG.0425", "The source closed the connection after " + sink.written()
									+ " of " + expected + " bytes. Try again, or check the source.");
						}
						return DONE;
					}));
			})
				.next()
				.timeout(total, Mono.error(() -> new ImportFailed("IMG.0423", "The download took longer than "
						+ total.toSeconds() + " s, the time limit of an import. Use a faster source, or a smaller image.")))
				.block();
			return DONE.equals(next) ? null : next;
		}
		catch (RuntimeException failure) {
			throw translate(uri, Exceptions.unwrap(failure));
		}
	}

	/**
	 * Passes on the buffers while the source keeps above the throughput floor (judged as they arrive, on the
	 * connection's event loop; a source that sends nothing at all is the stall timeout's), and ends the download
	 * with {@link ThroughputFloor#CODE} otherwise.
	 */
	private static BiConsumer<ByteBuf, SynchronousSink<ByteBuf>> aboveFloor(ThroughputWatch watch) {
		return (buffer, next) -> watch.received(buffer.readableBytes(), System.nanoTime())
			.ifPresentOrElse((shortfall) -> {
				buffer.release();
				next.error(new ImportFailed(ThroughputFloor.CODE, shortfall.message()));
			}, () -> next.next(buffer));
	}

	private static void write(StagingSink sink, ByteBuf buffer) {
		try {
			sink.write(buffer.nioBuffer(), buffer::release);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static URI location(URI uri, String location) {
		try {
			return new URI(location.trim());
		}
		catch (URISyntaxException malformed) {
			throw new ImportFailed("IMG.0421", "The source " + uri + " redirected to '" + location
					+ "', which is not a URL. Give the final URL of the file.");
		}
	}

	private RuntimeException translate(URI uri, Throwable failure) {
		Throwable cause = rootOf(failure);
		if (failure instanceof ImportFailed importFailed) {
			return importFailed;
		}
		if (cause instanceof JobEnded ended) {
			return ended;
		}
		if (cause instanceof ImsException refused && SourcePolicy.isRefusal(refused)) {
			return new ImportFailed(refused.code(), refused.getMessage());
		}
		if (cause instanceof ImageTooLarge) {
			return tooLarge();
		}
		if (cause instanceof UnknownHostException) {
			return new ImportFailed("IMG.0420", "The host of " + uri + " is unknown. Check the URL.");
		}
		if (cause instanceof ConnectException || cause instanceof ConnectTimeoutException) {
			return new ImportFailed("IMG.0420", "Cannot connect to " + uri.getHost()
					+ (uri.getPort() > 0 ? ":" + uri.getPort() : "") + ". Check that the source is reachable.");
		}
		if (cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("Timeout")) {
			return stalled(this.settings.stallTimeout());
		}
		return new ImportFailed("IMG.0425", "The download from " + uri.getHost() + " failed: " + cause.getMessage()
				+ ". Try again, or check the source.");
	}

	private ImportFailed tooLarge() {
		return new ImportFailed("IMG.0424", "The file is larger than " + this.settings.maxSize().toBytes()
				+ " bytes, the largest image this cloud accepts.");
	}

	private static ImportFailed stalled(Duration stall) {
		return new ImportFailed("IMG.0422", "The source sent no data for " + stall.toSeconds()
				+ " s, so the download was stopped. Try again, or use a faster source.");
	}

	private static Throwable rootOf(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null && cause.getCause() != cause && !(cause instanceof ImsException)) {
			cause = cause.getCause();
		}
		return cause;
	}

	private static long contentLength(String header) {
		try {
			return (header != null) ? Long.parseLong(header.trim()) : -1;
		}
		catch (NumberFormatException malformed) {
			return -1;
		}
	}

	/** Receives download progress. */
	interface ProgressListener {

		void bytes(long received, long expected);

	}

}
