package cloud.ims.core.server;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A page of a project's ECSs: Huawei ECS's filters (name is a substring match), in creation order.
 */
public record ServerQuery(String projectId, @Nullable String nameContains, @Nullable ServerStatus status,
		@Nullable String imageId, @Nullable String flavorId, @Nullable List<String> ids, boolean matchesNothing,
		@Nullable ServerId marker, int offset, int limit) {
}
