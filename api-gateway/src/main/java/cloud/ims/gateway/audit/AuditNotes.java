package cloud.ims.gateway.audit;

import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * What the handlers of a traced request add to its trace, where the request alone does not tell it: who signed in
 * (or which user name tried), the action, a detail, an error code the response body carries. One per traced
 * request, reached through the Reactor context, so that a handler notes without knowing the exchange; outside a
 * traced request noting does nothing.
 */
public final class AuditNotes {

	private static final Class<AuditNotes> KEY = AuditNotes.class;

	private @Nullable String userId;

	private @Nullable String projectId;

	private List<String> roles = List.of();

	private @Nullable String userName;

	private @Nullable String action;

	private @Nullable String detail;

	private @Nullable String errorCode;

	private boolean actorNamed;

	AuditNotes() {
	}

	/** Applies {@code note} to the trace of the request being served, if it is traced. */
	public static Mono<Void> note(Consumer<AuditNotes> note) {
		return Mono.deferContextual((context) -> {
			context.<AuditNotes>getOrEmpty(KEY).ifPresent((notes) -> {
				synchronized (notes) {
					note.accept(notes);
				}
			});
			return Mono.empty();
		});
	}

	Context into(Context context) {
		return context.put(KEY, this);
	}

	/** The acting user, when the request's credentials do not name it (a sign-in). */
	public AuditNotes actor(@Nullable String userId, @Nullable String projectId, List<String> roles) {
		this.userId = userId;
		this.projectId = projectId;
		this.roles = List.copyOf(roles);
		this.actorNamed = true;
		return this;
	}

	public AuditNotes userName(@Nullable String userName) {
		this.userName = userName;
		return this;
	}

	public AuditNotes action(String action) {
		this.action = action;
		return this;
	}

	public AuditNotes detail(@Nullable String detail) {
		this.detail = detail;
		return this;
	}

	public AuditNotes errorCode(@Nullable String errorCode) {
		this.errorCode = errorCode;
		return this;
	}

	/** The caller the request authenticated as, unless a handler named the actor itself. */
	synchronized void caller(String userId, @Nullable String projectId, List<String> roles) {
		if (!this.actorNamed) {
			this.userId = userId;
			this.projectId = projectId;
			this.roles = List.copyOf(roles);
		}
	}

	synchronized Snapshot snapshot() {
		return new Snapshot(this.userId, this.projectId, this.roles, this.userName, this.action, this.detail,
				this.errorCode);
	}

	/** The notes as they stand when the trace is made. */
	record Snapshot(@Nullable String userId, @Nullable String projectId, List<String> roles, @Nullable String userName,
			@Nullable String action, @Nullable String detail, @Nullable String errorCode) {

		static final Snapshot NONE = new Snapshot(null, null, List.of(), null, null, null, null);

	}

}
