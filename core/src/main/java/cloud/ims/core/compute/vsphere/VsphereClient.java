package cloud.ims.core.compute.vsphere;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.w3c.dom.Element;

import cloud.ims.core.compute.DriverUnavailable;

/**
 * The typed vim25 calls IMS makes, on one logged-in session: lookups, the VM operations that start tasks (each
 * answered as a future that completes when its task ends), and the parts they are built from.
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

	private final VsphereInventory inventory;

	private final DatastoreFiles files;

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
			this.session = new VimSession(this.transport, settings.username(), settings.password());
			this.session.open(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
			this.reader = new PropertyReader(this.session);
			this.inventory = VsphereInventory.resolve(this.reader, this.session.content().rootFolder(), settings,
					START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
			this.files = new DatastoreFiles(this.transport, this.inventory.datacenter().path());
			this.tasks = new Tasks(this.session, this.reader, this.scheduler, settings.taskPollInterval(),
					settings.taskTimeout());
		}
		catch (RuntimeException ex) {
			this.scheduler.shutdownNow();
			this.io.shutdownNow();
			throw ex;
		}
	}

	/** Logs in and resolves the inventory; fails fast with what is wrong in the settings. */
	static VsphereClient connect(VsphereSettings settings) {
		return new VsphereClient(settings);
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

	VsphereInventory inventory() {
		return this.inventory;
	}

	DatastoreFiles files() {
		return this.files;
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
