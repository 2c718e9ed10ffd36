package cloud.ims.gateway.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import cloud.ims.core.audit.AuditEntry;
import cloud.ims.core.audit.AuditQuery;
import cloud.ims.core.audit.AuditTrail;
import cloud.ims.core.audit.TraceStatus;
import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.gateway.security.Caller;
import cloud.ims.gateway.web.Paging;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Lists the audit trail to admins, newest first, in Cloud Trace Service's shape ({@code traces} and
 * {@code meta_data} with the count and the marker of the next page), filtered by user, project, operation, action,
 * resource, status and time.
 */
@RestController
class AuditController {

	static final String PATH = "/v1/admin/audit";

	private final AuditTrail trail;

	AuditController(AuditTrail trail) {
		this.trail = trail;
	}

	@GetMapping(PATH)
	Mono<Map<String, Object>> list(Caller caller, @RequestParam(name = "user_id", required = false) @Nullable String userId,
			@RequestParam(name = "user_name", required = false) @Nullable String userName,
			@RequestParam(name = "project_id", required = false) @Nullable String projectId,
			@RequestParam(name = "trace_name", required = false) @Nullable String traceName,
			@RequestParam(required = false) @Nullable String action,
			@RequestParam(name = "resource_id", required = false) @Nullable String resourceId,
			@RequestParam(name = "trace_status", required = false) @Nullable String traceStatus,
			@RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
			@RequestParam(required = false) @Nullable String limit,
			@RequestParam(required = false) @Nullable String marker) {
		if (!caller.isAdmin()) {
			throw new ImsException(Kind.FORBIDDEN, "CTS.0403", "Only admins can read the audit trail. Ask an admin, "
					+ "or subscribe to the ims.audit.events topic if you were given access to it.");
		}
		int pageSize = Paging.limit(limit);
		AuditQuery query = new AuditQuery(userId, userName, projectId, traceName, action, resourceId,
				status(traceStatus), time("from", from), time("to", to), pageSize, marker);
		return this.trail.find(query).map(AuditController::view).collectList().map((traces) -> {
			Map<String, Object> meta = new LinkedHashMap<>();
			meta.put("count", traces.size());
			meta.put("marker", (traces.size() == pageSize) ? traces.get(traces.size() - 1).get("trace_id") : null);
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("traces", traces);
			body.put("meta_data", meta);
			return body;
		});
	}

	private static @Nullable TraceStatus status(@Nullable String status) {
		if (status == null || status.isBlank()) {
			return null;
		}
		try {
			return TraceStatus.ofWireName(status.trim());
		}
		catch (IllegalArgumentException unknown) {
			throw new ImsException(Kind.INVALID, "CTS.0400", "trace_status=" + status
					+ " is not a trace status; use normal, warning or incident.");
		}
	}

	private static @Nullable Instant time(String name, @Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return value.trim().chars().allMatch(Character::isDigit) ? Instant.ofEpochMilli(Long.parseLong(value.trim()))
					: Instant.parse(value.trim());
		}
		catch (DateTimeParseException | NumberFormatException invalid) {
			throw new ImsException(Kind.INVALID, "CTS.0400", name + "=" + value
					+ " is not a time; use ISO-8601 in UTC (2026-12-07T08:00:00Z) or milliseconds since the epoch.");
		}
	}

	private static Map<String, Object> view(AuditEntry entry) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("trace_id", entry.traceId());
		view.put("trace_name", entry.operation());
		view.put("trace_type", entry.traceType().wireName());
		view.put("trace_status", entry.status().wireName());
		view.put("action", entry.action());
		view.put("resource_type", entry.resourceType());
		view.put("resource_id", entry.resourceId());
		Map<String, Object> user = new LinkedHashMap<>();
		user.put("id", entry.userId());
		user.put("name", entry.userName());
		user.put("project_id", entry.projectId());
		user.put("roles", entry.roles());
		view.put("user", user);
		view.put("source_ip", entry.sourceIp());
		view.put("request_id", entry.requestId());
		view.put("code", entry.responseCode());
		view.put("error_code", entry.errorCode());
		view.put("time", entry.at().toString());
		view.put("detail", entry.detail());
		return view;
	}

}
