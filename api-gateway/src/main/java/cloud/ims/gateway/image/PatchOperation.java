package cloud.ims.gateway.image;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import org.jspecify.annotations.Nullable;

import java.util.HashMap;
import java.util.Map;

/**
 * One operation of a JSON patch (RFC 6902 as Glance and Huawei IMS use it): add, replace or remove.
 */
public record PatchOperation(@Nullable String op, @Nullable String path, @Nullable Object value,
		@JsonAnySetter Map<String, Object> other) {

	public PatchOperation {
		other = (other != null) ? other : new HashMap<>();
	}

}
