package cloud.ims.gateway.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.image.ImageMember;
import cloud.ims.core.image.MemberStatus;
import cloud.ims.gateway.security.Caller;
import cloud.ims.gateway.web.Times;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Glance v2's image members, so that {@code glance member-*} and {@code openstack image add project}, {@code image set
 * --accept} and {@code image member list} work unchanged: the owner adds and removes members, each member accepts or
 * rejects for itself, and the member schemas glanceclient validates the answers against.
 */
@RestController
class GlanceMemberController {

	private final ImageSharing sharing;

	private final JsonNode memberSchema;

	private final JsonNode membersSchema;

	GlanceMemberController(ImageSharing sharing, JsonMapper jsonMapper) {
		this.sharing = sharing;
		this.memberSchema = read(jsonMapper, "glance/schema-member.json");
		this.membersSchema = read(jsonMapper, "glance/schema-members.json");
	}

	@GetMapping("/v2/images/{imageId}/members")
	Mono<Map<String, Object>> list(Caller caller, @PathVariable String imageId) {
		return this.sharing.members(caller, imageId)
			.map((members) -> Map.of("members",
					members.list().stream().map((member) -> view(imageId, member)).toList(), "schema",
					"/v2/schemas/members"));
	}

	@PostMapping("/v2/images/{imageId}/members")
	Mono<Map<String, Object>> add(Caller caller, @PathVariable String imageId, @RequestBody AddMember body) {
		return this.sharing.add(caller, imageId, body.checkedMember()).map((member) -> view(imageId, member));
	}

	@GetMapping("/v2/images/{imageId}/members/{memberId}")
	Mono<Map<String, Object>> show(Caller caller, @PathVariable String imageId, @PathVariable String memberId) {
		return this.sharing.member(caller, imageId, memberId).map((member) -> view(imageId, member));
	}

	@PutMapping("/v2/images/{imageId}/members/{memberId}")
	Mono<Map<String, Object>> answer(Caller caller, @PathVariable String imageId, @PathVariable String memberId,
			@RequestBody Answer body) {
		return this.sharing.answer(caller, imageId, memberId, body.checkedStatus()).map((member) -> view(imageId, member));
	}

	@DeleteMapping("/v2/images/{imageId}/members/{memberId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> remove(Caller caller, @PathVariable String imageId, @PathVariable String memberId) {
		return this.sharing.remove(caller, imageId, memberId);
	}

	@GetMapping("/v2/schemas/member")
	JsonNode memberSchema() {
		return this.memberSchema;
	}

	@GetMapping("/v2/schemas/members")
	JsonNode membersSchema() {
		return this.membersSchema;
	}

	/** A member as Glance shows it: exactly the fields of its schema. */
	static Map<String, Object> view(String imageId, ImageMember member) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("created_at", Times.format(member.createdAt()));
		view.put("image_id", imageId);
		view.put("member_id", member.projectId());
		view.put("schema", "/v2/schemas/member");
		view.put("status", member.status().wireName());
		view.put("updated_at", Times.format(member.updatedAt()));
		return view;
	}

	private static JsonNode read(JsonMapper jsonMapper, String resource) {
		try (InputStream json = new ClassPathResource(resource).getInputStream()) {
			return jsonMapper.readTree(json);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the Glance schema " + resource, ex);
		}
	}

	/** {@code {"member": "<project id>"}}; other fields are ignored, as Glance does. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record AddMember(@Nullable String member) {

		String checkedMember() {
			if (this.member == null || this.member.isBlank() || this.member.length() > 255) {
				throw new ImsException(Kind.INVALID, "IMG.0707",
						"Give the project to share the image with: {\"member\": \"<project id>\"} (1 to 255 characters).");
			}
			return this.member;
		}

	}

	/**
	 * {@code {"status": "accepted|rejected|pending"}}; other fields are ignored, as Glance does (openstacksdk sends the
	 * member id too).
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Answer(@Nullable String status) {

		MemberStatus checkedStatus() {
			return MemberStatus.fromWireName((this.status != null) ? this.status : "")
				.orElseThrow(() -> new ImsException(Kind.INVALID, "IMG.0707", "status '" + this.status
						+ "' is invalid; use accepted, rejected or pending."));
		}

	}

}
