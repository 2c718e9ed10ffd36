package cloud.ims.imageworker;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The threads image commands run on: blocking work (downloads, hashing, qemu-img, the store's steps) that may hold a
 * thread of this pool for hours, never a consumer thread. As many threads as the work in flight may have
 * ({@code ims.image-worker.max-in-flight}), and no more queued than that: the work in flight gives them no more.
 * <p>
 * A stopping worker does not interrupt them: work still running once the work in flight stopped waiting for it
 * (ADR 26) is redelivered after the restart, and an interrupted download would record a failure it did not have.
 */
final class ImageWorkThreads implements DisposableBean {

	private final ThreadPoolExecutor pool;

	ImageWorkThreads(int threads) {
		CustomizableThreadFactory factory = new CustomizableThreadFactory("image-work-");
		factory.setDaemon(true);
		this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
				new ArrayBlockingQueue<>(threads), factory);
	}

	CompletableFuture<Void> run(Runnable work) {
		return CompletableFuture.runAsync(work, this.pool);
	}

	@Override
	public void destroy() {
		this.pool.shutdown();
	}

}
