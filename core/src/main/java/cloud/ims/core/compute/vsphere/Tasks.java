package cloud.ims.core.compute.vsphere;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.w3c.dom.Element;

import cloud.ims.core.compute.DriverUnavailable;

/**
 * Follows every pending vSphere task (and every awaited property, such as a VM's power state after ShutdownGuest)
 * with one scheduler thread: each poll interval, one RetrievePropertiesEx reads them all, and the futures of those
 * that ended complete. Nothing holds a thread per task. Past its deadline a task is cancelled (where vCenter can) and
 * its future fails with {@link DriverUnavailable}.
 */
final class Tasks implements AutoCloseable {

	private static final List<String> TASK_INFO = List.of("info.state", "info.error", "info.result");

	private final VimSession session;

	private final PropertyReader reader;

	private final Duration timeout;

	private final Map<Long, Pending> pending = new ConcurrentHashMap<>();

	private final AtomicLong ids = new AtomicLong();

	private final AtomicBoolean polling = new AtomicBoolean();

	private final ScheduledFuture<?> ticks;

	Tasks(VimSession session, PropertyReader reader, ScheduledExecutorService scheduler, Duration pollInterval,
			Duration timeout) {
		this.session = session;
		this.reader = reader;
		this.timeout = timeout;
		long interval = Math.max(1, pollInterval.toMillis());
		this.ticks = scheduler.scheduleWithFixedDelay(this::poll, interval, interval, TimeUnit.MILLISECONDS);
	}

	/**
	 * Follows a task to its end: completes with its result when it is a managed object reference (CloneVM_Task's
	 * VM), empty otherwise; fails with the task's {@link VimFault}.
	 */
	CompletableFuture<Optional<ManagedObject>> follow(ManagedObject task, String what) {
		CompletableFuture<Optional<ManagedObject>> done = new CompletableFuture<>();
		add(new Pending(task, TASK_INFO, deadline(this.timeout), what, true, (properties) -> {
			String state = properties.text("info.state").orElse("running");
			switch (state) {
				case "success" -> done.complete(properties.value("info.result")
					.filter((result) -> Xml.type(result).equals("ManagedObjectReference"))
					.map(ManagedObject::of));
				case "error" -> done.completeExceptionally(properties.value("info.error")
					.map(Tasks::fault)
					.orElseGet(() -> new VimFault("SystemError", what + " failed without saying why", null)));
				default -> {
					return false;
				}
			}
			return true;
		}, done));
		return done;
	}

	/** Completes once the object's property satisfies {@code reached}, or fails past {@code within}. */
	CompletableFuture<Void> await(ManagedObject object, String path, Predicate<String> reached, Duration within,
			String what) {
		CompletableFuture<Void> done = new CompletableFuture<>();
		add(new Pending(object, List.of(path), deadline(within), what, false, (properties) -> {
			if (reached.test(properties.text(path).orElse(""))) {
				done.complete(null);
				return true;
			}
			return false;
		}, done));
		return done;
	}

	int pendingCount() {
		return this.pending.size();
	}

	private static long deadline(Duration within) {
		return System.nanoTime() + within.toNanos();
	}

	private void add(Pending entry) {
		long id = this.ids.incrementAndGet();
		this.pending.put(id, entry);
		entry.future().whenComplete((result, error) -> this.pending.remove(id));
	}

	private static VimFault fault(Element localizedMethodFault) {
		String message = Xml.text(localizedMethodFault, "localizedMessage").orElse("");
		return Xml.child(localizedMethodFault, "fault")
			.map((fault) -> SoapTransport.of(fault, message))
			.orElseGet(() -> new VimFault("SystemError", message, null));
	}

	private void poll() {
		if (this.pending.isEmpty() || !this.polling.compareAndSet(false, true)) {
			return;
		}
		List<Pending> round = new ArrayList<>(this.pending.values());
		Set<ManagedObject> objects = new LinkedHashSet<>();
		Map<String, Set<String>> paths = new HashMap<>();
		for (Pending entry : round) {
			objects.add(entry.object());
			paths.computeIfAbsent(entry.object().type(), (type) -> new LinkedHashSet<>()).addAll(entry.paths());
		}
		try {
			this.reader.read(objects, paths).whenComplete((read, error) -> {
				try {
					for (Pending entry : round) {
						if (entry.future().isDone()) {
							continue;
						}
						boolean ended = false;
						if (error == null) {
							PropertyReader.Properties properties = read.get(entry.object());
							if (properties == null) {
								entry.future()
									.completeExceptionally(new VimFault("ManagedObjectNotFound",
											entry.what() + ": " + entry.object() + " no longer exists",
											entry.object()));
								ended = true;
							}
							else {
								ended = entry.check().test(properties);
							}
						}
						if (!ended && System.nanoTime() - entry.deadline() > 0) {
							expire(entry);
						}
					}
				}
				finally {
					this.polling.set(false);
				}
			});
		}
		catch (RuntimeException ex) {
			this.polling.set(false);
			round.forEach((entry) -> {
				if (System.nanoTime() - entry.deadline() > 0) {
					expire(entry);
				}
			});
		}
	}

	private void expire(Pending entry) {
		if (entry.task()) {
			this.session.call("CancelTask", entry.object(), "");
		}
		entry.future()
			.completeExceptionally(new DriverUnavailable(entry.what() + " did not finish within the bound IMS sets ("
					+ (entry.task() ? "ims.vsphere.task-timeout " + this.timeout : "its own timeout") + ")"
					+ (entry.task() ? "; IMS asked vCenter to cancel " + entry.object() : "")));
	}

	@Override
	public void close() {
		this.ticks.cancel(false);
		this.pending.values()
			.forEach((entry) -> entry.future().completeExceptionally(new DriverUnavailable("the vSphere driver stopped")));
	}

	private record Pending(ManagedObject object, List<String> paths, long deadline, String what, boolean task,
			Predicate<PropertyReader.Properties> check, CompletableFuture<?> future) {
	}

}
