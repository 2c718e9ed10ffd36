package cloud.ims.core.compute.vsphere;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import cloud.ims.core.common.Completions;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Element;

import cloud.ims.core.compute.DriverUnavailable;

/**
 * A logged-in session with vCenter: the service content read once, Login, and a call that logs in again by itself
 * (once, shared by every call that found the session gone) when vCenter answers NotAuthenticated. Each Login is a
 * generation: a call that finds the session gone logs in again only if no Login started since the call was sent.
 */
final class VimSession implements AutoCloseable {

	static final ManagedObject SERVICE_INSTANCE = new ManagedObject("ServiceInstance", "ServiceInstance");

	private final SoapTransport transport;

	private final String username;

	private final String password;

	private final AtomicReference<Generation> login = new AtomicReference<>(
			new Generation(0, CompletableFuture.failedFuture(new IllegalStateException("not logged in yet"))));

	private volatile @Nullable ServiceContent content;

	VimSession(SoapTransport transport, String username, String password) {
		this.transport = transport;
		this.username = username;
		this.password = password;
	}

	/** The n-th Login, and the session key it answers. */
	private record Generation(long number, CompletableFuture<String> key) {
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
			.thenCompose((read) -> relogin(this.login.get().number()).thenApply((key) -> read));
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
		return this.login.get().key();
	}

	/**
	 * Calls the method; if vCenter says the session is gone, logs in again and repeats the call once. A login that
	 * fails then is {@link DriverUnavailable}.
	 */
	CompletableFuture<Element> call(String method, ManagedObject target, String arguments) {
		Generation current = this.login.get();
		// the request takes the cookie when it leaves, which is of this generation or a later one
		long sent = current.key().isDone() ? current.number() : current.number() - 1;
		return this.transport.call(method, target, arguments).handle((response, error) -> {
			if (error == null) {
				return CompletableFuture.completedFuture(response);
			}
			Throwable cause = Completions.cause(error);
			if (cause instanceof VimFault fault && fault.is("NotAuthenticated")) {
				return relogin(sent).handle((key, loginError) -> {
					if (loginError != null) {
						Throwable why = Completions.cause(loginError);
						throw new DriverUnavailable("the vCenter session expired and logging in again failed: "
								+ why.getMessage(), why);
					}
					return this.transport.call(method, target, arguments);
				}).thenCompose((again) -> again);
			}
			return CompletableFuture.<Element>failedFuture(cause);
		}).thenCompose((answer) -> answer);
	}

	/**
	 * Logs in unless a Login started after generation {@code failed}, whose session a call found gone; else answers
	 * that later Login. The old cookie stays until Login sets the new one, so that calls meanwhile do not fail for want
	 * of one and ask for yet another Login.
	 */
	private CompletableFuture<String> relogin(long failed) {
		Generation current = this.login.get();
		if (current.number() != failed) {
			return current.key();
		}
		CompletableFuture<String> mine = new CompletableFuture<>();
		Generation next = new Generation(failed + 1, mine);
		Generation witness = this.login.compareAndExchange(current, next);
		if (witness != current) {
			return witness.key();
		}
		String arguments = Xml.element("userName", this.username) + Xml.element("password", this.password);
		this.transport.call("Login", content().sessionManager(), arguments).whenComplete((response, error) -> {
			if (error != null) {
				Throwable cause = Completions.cause(error);
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


}
