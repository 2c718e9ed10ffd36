package cloud.ims.gateway.audit;

import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cloud.ims.core.audit.AuditEntry;
import cloud.ims.core.audit.TraceStatus;
import cloud.ims.core.audit.TraceType;
import cloud.ims.gateway.audit.AuditNotes.Snapshot;
import org.jspecify.annotations.Nullable;

/**
 * Makes the trace of an answered request. The operation is the method and the route pattern (so that every call of
 * one route has one name, and no id or secret from a path leaks into it); the target is the first resource the
 * pattern names by id after a collection ({@code /v2/images/{imageId}/tags/{tag}}: image, its id), the project of a
 * {@code /v1/{projectId}/...} being the scope, not the target; a creation's target is its collection's type.
 */
final class Traces {

	private static final Pattern VARIABLE = Pattern.compile("\\{\\*?([A-Za-z0-9_]+)(?::[^}]*)?}");

	private static final Map<String, String> RESOURCE_TYPES = Map.ofEntries(Map.entry("images", "image"),
			Map.entry("cloudimages", "image"), Map.entry("frequently-used", "image"), Map.entry("servers", "server"),
			Map.entry("cloudservers", "server"), Map.entry("members", "member"), Map.entry("tags", "tag"),
			Map.entry("jobs", "job"), Map.entry("credentials", "credential"), Map.entry("tokens", "token"),
			Map.entry("users", "user"), Map.entry("projects", "project"), Map.entry("roles", "role"),
			Map.entry("quotas", "quota"), Map.entry("sign-in", "token"), Map.entry("sign-out", "token"));

	private static final String CONSOLE = "/console";

	private Traces() {
	}

	static AuditEntry trace(TracedRequest request, Snapshot notes) {
		String pattern = (request.routePattern() != null) ? request.routePattern() : request.path();
		Target target = (request.routePattern() != null) ? target(request.routePattern(), request.pathVariables())
				: new Target(null, null);
		String errorCode = (notes.errorCode() != null) ? notes.errorCode() : request.errorCode();
		boolean console = request.path().equals(CONSOLE) || request.path().startsWith(CONSOLE + "/");
		return new AuditEntry(UUID.randomUUID().toString(), request.method() + " " + pattern,
				console ? TraceType.CONSOLE_ACTION : TraceType.API_CALL, notes.action(), target.type(), target.id(),
				notes.userId(), notes.userName(), notes.projectId(), notes.roles(), request.sourceIp(),
				request.requestId(), request.status(), (request.status() >= 400) ? errorCode : null,
				TraceStatus.ofHttpStatus(request.status()), request.at(), notes.detail());
	}

	private static Target target(String pattern, Map<String, String> variables) {
		String[] segments = pattern.split("/");
		@Nullable String lastCollection = null;
		for (int i = 0; i < segments.length; i++) {
			String segment = segments[i];
			Matcher variable = VARIABLE.matcher(segment);
			if (variable.matches()) {
				String previous = (i > 0) ? segments[i - 1] : "";
				String type = RESOURCE_TYPES.get(previous);
				if (type != null) {
					return new Target(type, variables.get(variable.group(1)));
				}
			}
			else if (RESOURCE_TYPES.containsKey(segment)) {
				lastCollection = segment;
			}
		}
		return new Target((lastCollection != null) ? RESOURCE_TYPES.get(lastCollection) : null, null);
	}

	/** The kind and id of the resource a request acted on; no id for a creation or a batch. */
	private record Target(@Nullable String type, @Nullable String id) {
	}

}
