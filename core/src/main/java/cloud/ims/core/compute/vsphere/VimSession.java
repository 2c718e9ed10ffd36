package cloud.ims.core.compute.vsphere;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.w3c.dom.Element;

import cloud.ims.core.compute.DriverUnavailable;

/**
 * A logged-in session with vCenter: the service content read once, Login, and a call that logs in again by itself
 * (once, shared by every call that found the session gone) when vCenter answers NotAuthenticated.
 */
final class VimSession implements AutoCloseable {

	static final ManagedObject SERVICE_INSTANCE = new ManagedObject("ServiceInstance", "ServiceInstance");

	private final SoapTransport transport;

	private final String username;

	private final String password;

	private final AtomicReference<@Nullable CompletableFuture<String>> login = new AtomicReference<>();

	private volatile @Nullable ServiceContent content;

	VimSession(SoapTransport transport, String username, String password) {
		this.transport = transport;
		this.username = username;
		this.password = password;
	}

	/** The managed objects of vCenter's services, as RetrieveServiceContent names them. */
	record ServiceContent(ManagedObject rootFolder, ManagedObject propertyCollector, ManagedObject sessionManager,
			ManagedObject searchIndex, ManagedObject ovfManager, ManagedObject taskManager, String fullName) {

		static ServiceContent of(Element returnval) {
			return new ServiceContent(reference(returnval, "rootFolder"), reference(returnval, "propertyCollector"),
					reference(returnval, "sessionManager"), reference(returnval, "searchIndex"),
					reference(returnval, "ovfManager"), reference(returnval, "taskManager"),
					Xml.text(returnval, "about", "fullName").orElse("vCenter"));
		}

		private static ManagedObject reference(Element returnval, String name) {
			return Xml.child(returnval, name)
				.map(ManagedObject::of)
				.orElseThrow(() -> new DriverUnavailable("vCenter's service content names no " + name));
		}

	}

	/** Reads the service content and logs in. */
	CompletableFuture<ServiceContent> openAsync() {
		return this.transport.negotiateVersion()
			.thenCompose((version) -> this.transport.call("RetrieveServiceContent", SERVICE_INSTANCE, ""))
			.thenApply((response) -> {
				ServiceContent read = ServiceContent.of(Xml.child(response, "returnval").orElseThrow());
				this.content = read;
				return read;
			})
			.thenCompose((read) -> relogin().thenApply((key) -> read));
	}

	ServiceContent content() {
		ServiceContent read = this.content;
		if (read == null) {
			throw new IllegalStateException("the vCenter session is not open");
		}
		return read;
	}

	SoapTransport transport() {
		return this.transport;
	}

	/** The session's key, as vCenter lists it (what SessionManager.TerminateSession takes). */
	CompletableFuture<String> key() {
		CompletableFuture<String> current = this.login.get();
		return current != null ? current : relogin();
	}

	/**
	 * Calls the method; if vCenter says the session is gone, logs in again and repeats the call once. A login that
	 * fails then is {@link DriverUnavailable}.
	 */
	CompletableFuture<Element> call(String method, ManagedObject target, String arguments) {
		return this.transport.call(method, target, arguments).handle((response, error) -> {
			if (error == null) {
				return CompletableFuture.completedFuture(response);
			}
			Throwable cause = unwrap(error);
			if (cause instanceof VimFault fault && fault.is("NotAuthenticated")) {
				return relogin().handle((key, loginError) -> {
					if (loginError != null) {
						Throwable why = unwrap(loginError);
						throw new DriverUnavailable("the vCenter session expired and logging in again failed: "
								+ why.getMessage(), why);
					}
					return this.transport.call(method, target, arguments);
				}).thenCompose((again) -> again);
			}
			return CompletableFuture.<Element>failedFuture(cause);
		}).thenCompose((answer) -> answer);
	}

	/** Logs in; concurrent callers share one Login. */
	private CompletableFuture<String> relogin() {
		CompletableFuture<String> mine = new CompletableFuture<>();
		CompletableFuture<String> current = this.login.get();
		if (current != null && !current.isDone()) {
			return current;
		}
		if (!this.login.compareAndSet(current, mine)) {
			CompletableFuture<String> other = this.login.get();
			return other != null ? other : relogin();
		}
		this.transport.forgetSession();
		String arguments = Xml.element("userName", this.username) + Xml.element("password", this.password);
		this.transport.call("Login", content().sessionManager(), arguments).whenComplete((response, error) -> {
			if (error != null) {
				Throwable cause = unwrap(error);
				if (cause instanceof VimFault fault && fault.is("InvalidLogin")) {
					mine.completeExceptionally(new DriverUnavailable("vCenter at " + this.transport.sdk()
							+ " refused the login of ims.vsphere.username '" + this.username + "': "
							+ fault.getMessage()));
				}
				else {
					mine.completeExceptionally(cause);
				}
			}
			else {
				mine.complete(Xml.text(response, "returnval", "key").orElse(""));
			}
		});
		return mine;
	}

	@Override
	public void close() {
		ServiceContent read = this.content;
		if (read == null || this.transport.sessionCookie() == null) {
			return;
		}
		try {
			this.transport.call("Logout", read.sessionManager(), "").get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			// the session ends with vCenter's idle timeout anyway
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
		}
		this.transport.forgetSession();
	}

	static Throwable unwrap(Throwable error) {
		Throwable cause = error;
		while ((cause instanceof CompletionException || cause instanceof java.util.concurrent.ExecutionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

}
