package cloud.ims.core.compute.vsphere;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import cloud.ims.core.common.Completions;
import org.jspecify.annotations.Nullable;

import org.w3c.dom.Element;

import cloud.ims.core.compute.DriverFailure;
import cloud.ims.core.compute.DriverUnavailable;

/**
 * The typed vim25 calls IMS makes, on one logged-in session: lookups, the VM operations that start tasks (each
 * answered as a future that completes when its task ends), and the parts they are built from. The session and the
 * inventory are set up by {@link #ready()}, again on each later call until that succeeds, so that IMS can start while
 * vCenter is down.
 */
final class VsphereClient implements AutoCloseable {

	private static final long START_TIMEOUT_SECONDS = 60;

	private final VsphereSettings settings;

	private final ExecutorService io;

	private final ScheduledExecutorService scheduler;

	private final SoapTransport transport;

	private final VimSession session;

	private final PropertyReader reader;

	private final Tasks tasks;

	private final AtomicReference<@Nullable CompletableFuture<VsphereInventory>> connecting = new AtomicReference<>();

	private volatile @Nullable VsphereInventory inventory;

	private volatile @Nullable DatastoreFiles files;

	private VsphereClient(VsphereSettings settings) {
		this.settings = settings;
		this.io = Executors.newFixedThreadPool(4, (runnable) -> {
			Thread thread = new Thread(runnable, "vsphere-io");
			thread.setDaemon(true);
			return thread;
		});
		this.scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "vsphere-tasks");
			thread.setDaemon(true);
			return thread;
		});
		try {
			this.transport = new SoapTransport(settings.url(), VsphereTls.context(settings), this.io);
		}
		catch (RuntimeException ex) {
			this.scheduler.shutdownNow();
			this.io.shutdownNow();
			throw ex;
		}
		this.session = new VimSession(this.transport, settings.username(), settings.password());
		this.reader = new PropertyReader(this.session);
		this.tasks = new Tasks(this.session, this.reader, this.scheduler, settings.taskPollInterval(),
				settings.taskTimeout());
	}

	/** Logs in and resolves the inventory; fails fast with what is wrong in the settings or why vCenter is out of reach. */
	static VsphereClient connect(VsphereSettings settings) {
		VsphereClient client = new VsphereClient(settings);
		try {
			client.awaitConnected();
			return client;
		}
		catch (RuntimeException ex) {
			client.close();
			throw ex;
		}
	}

	/**
	 * A client that has not yet reached vCenter, with its settings checked as far as they can be without it (the URL's
	 * scheme, the trusted certificates).
	 */
	static VsphereClient unconnected(VsphereSettings settings) {
		return new VsphereClient(settings);
	}

	/**
	 * Logs in and resolves the inventory, blocking; fails with an {@link IllegalArgumentException} naming the setting
	 * that does not match vCenter, or a {@link DriverUnavailable} when vCenter cannot be reached.
	 */
	void awaitConnected() {
		try {
			connection().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			Throwable cause = Completions.cause(ex);
			throw cause instanceof RuntimeException runtime ? runtime : unreachable(cause);
		}
		catch (TimeoutException ex) {
			throw new DriverUnavailable("vCenter at " + this.transport.sdk() + " did not let IMS log in and read its"
					+ " inventory within " + START_TIMEOUT_SECONDS + " seconds");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DriverUnavailable("interrupted while connecting to vCenter", ex);
		}
	}

	/**
	 * The inventory once logged in; the first call and every call after a failed attempt log in and resolve it (calls
	 * meanwhile share the attempt). A setting that matches nothing in vCenter is a {@link DriverFailure} naming it.
	 */
	CompletableFuture<VsphereInventory> ready() {
		return connection().handle((inventory, error) -> {
			if (error == null) {
				return inventory;
			}
			Throwable cause = Completions.cause(error);
			if (cause instanceof IllegalArgumentException wrong) {
				throw new DriverFailure(wrong.getMessage(), wrong);
			}
			throw cause instanceof RuntimeException runtime ? runtime : unreachable(cause);
		});
	}

	private CompletableFuture<VsphereInventory> connection() {
		VsphereInventory resolved = this.inventory;
		if (resolved != null) {
			return CompletableFuture.completedFuture(resolved);
		}
		CompletableFuture<VsphereInventory> mine = new CompletableFuture<>();
		CompletableFuture<VsphereInventory> running = this.connecting.compareAndExchange(null, mine);
		if (running != null) {
			return running;
		}
		this.session.openAsync()
			.thenCompose((content) -> VsphereInventory.resolve(this.reader, content.rootFolder(), this.settings))
			.orTimeout(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)
			.whenComplete((inventory, error) -> {
				if (error != null) {
					this.connecting.set(null);
					mine.completeExceptionally(Completions.cause(error));
				}
				else {
					this.files = new DatastoreFiles(this.transport, inventory.datacenter().path());
					this.inventory = inventory;
					mine.complete(inventory);
				}
			});
		return mine;
	}

	private DriverUnavailable unreachable(Throwable cause) {
		return new DriverUnavailable("cannot log in to vCenter at " + this.transport.sdk() + ": " + cause, cause);
	}

	VsphereSettings settings() {
		return this.settings;
	}

	VimSession session() {
		return this.session;
	}

	PropertyReader reader() {
		return this.reader;
	}

	Tasks tasks() {
		return this.tasks;
	}

	/** The inventory; only after {@link #ready()} succeeded. */
	VsphereInventory inventory() {
		VsphereInventory resolved = this.inventory;
		if (resolved == null) {
			throw new DriverUnavailable("vCenter at " + this.transport.sdk() + " has not been reached yet");
		}
		return resolved;
	}

	DatastoreFiles files() {
		DatastoreFiles resolved = this.files;
		if (resolved == null) {
			throw new DriverUnavailable("vCenter at " + this.transport.sdk() + " has not been reached yet");
		}
		return resolved;
	}

	ScheduledExecutorService scheduler() {
		return this.scheduler;
	}

	SoapTransport transport() {
		return this.transport;
	}

	CompletableFuture<String> currentTime() {
		return this.session.call("CurrentTime", VimSession.SERVICE_INSTANCE, "")
			.thenApply((response) -> Xml.text(response, "returnval").orElse(""));
	}

	/** SearchIndex.FindChild: the folder's direct child with that name. */
	CompletableFuture<Optional<ManagedObject>> findChild(ManagedObject folder, String name) {
		return this.session
			.call("FindChild", this.session.content().searchIndex(), folder.xml("entity") + Xml.element("name", name))
			.thenApply((response) -> Xml.child(response, "returnval").map(ManagedObject::of));
	}

	/** Calls a method that answers a Task and follows the task to its end. */
	CompletableFuture<Optional<ManagedObject>> task(String method, ManagedObject target, String arguments,
			String what) {
		return this.session.call(method, target, arguments).thenCompose((response) -> {
			ManagedObject task = Xml.child(response, "returnval")
				.map(ManagedObject::of)
				.orElseThrow(() -> new DriverUnavailable(method + " answered no task"));
			return this.tasks.follow(task, what);
		});
	}

	CompletableFuture<Element> call(String method, ManagedObject target, String arguments) {
		return this.session.call(method, target, arguments);
	}

	CompletableFuture<Void> powerOn(ManagedObject vm) {
		return task("PowerOnVM_Task", vm, "", "powering on " + vm).thenApply((result) -> null);
	}

	CompletableFuture<Void> powerOff(ManagedObject vm) {
		return task("PowerOffVM_Task", vm, "", "powering off " + vm).thenApply((result) -> null);
	}

	CompletableFuture<Void> reset(ManagedObject vm) {
		return task("ResetVM_Task", vm, "", "resetting " + vm).thenApply((result) -> null);
	}

	CompletableFuture<Void> destroy(ManagedObject entity) {
		return task("Destroy_Task", entity, "", "destroying " + entity).thenApply((result) -> null);
	}

	CompletableFuture<Void> shutdownGuest(ManagedObject vm) {
		return call("ShutdownGuest", vm, "").thenApply((response) -> null);
	}

	CompletableFuture<Void> rebootGuest(ManagedObject vm) {
		return call("RebootGuest", vm, "").thenApply((response) -> null);
	}

	CompletableFuture<Void> markAsTemplate(ManagedObject vm) {
		return call("MarkAsTemplate", vm, "").thenApply((response) -> null);
	}

	/** ReconfigVM_Task with a {@code VirtualMachineConfigSpec}'s inner elements. */
	CompletableFuture<Void> reconfigure(ManagedObject vm, String configSpec) {
		return task("ReconfigVM_Task", vm, "<spec>" + configSpec + "</spec>", "reconfiguring " + vm)
			.thenApply((result) -> null);
	}

	/** CloneVM_Task into the configured folder, pool and datastore; answers the new VM. */
	CompletableFuture<ManagedObject> clone(ManagedObject source, String name, String configSpec, boolean template) {
		String spec = "<spec><location>" + this.inventory.datastore().object().xml("datastore")
				+ this.inventory.pool().object().xml("pool") + "</location>" + Xml.element("template", template)
				+ (configSpec.isEmpty() ? "" : "<config>" + configSpec + "</config>") + "<powerOn>false</powerOn></spec>";
		return task("CloneVM_Task", source,
				this.inventory.folder().object().xml("folder") + Xml.element("name", name) + spec, "cloning " + name)
			.thenApply((result) -> result
				.orElseThrow(() -> new DriverUnavailable("cloning " + name + " answered no VM")));
	}

	@Override
	public void close() {
		this.tasks.close();
		this.session.close();
		this.scheduler.shutdownNow();
		this.io.shutdownNow();
	}

}
