package cloud.ims.provisioning;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * The short MongoDB steps before and after a VMware operation (find the ECS, record its outcome), on a small pool of
 * their own: they may wait for the store, and must neither hold a consumer thread nor a thread the VMware Service's
 * operations need. The operations themselves hold no thread while they last.
 */
@Component
class StoreSteps implements DisposableBean {

	/** As many as the consumer threads of the former pipeline, which did these steps at 200 ECSs a second. */
	static final int THREADS = 24;

	private final ExecutorService pool = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS,
			new LinkedBlockingQueue<>(), new CustomizableThreadFactory("store-step-"));

	<T> CompletableFuture<T> supply(Supplier<T> step) {
		return CompletableFuture.supplyAsync(step, this.pool);
	}

	CompletableFuture<Void> run(Runnable step) {
		return CompletableFuture.runAsync(step, this.pool);
	}

	ExecutorService executor() {
		return this.pool;
	}

	@Override
	public void destroy() {
		this.pool.shutdown();
	}

}
