package cloud.ims.core.image;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A page of the images a project may see: exact-match filters on stored fields, a sort and a marker.
 */
public record ImageQuery(String projectId, boolean allProjects, Map<String, Object> equalTo,
		@Nullable String nameContains, String sortKey, boolean ascending, @Nullable ImageId marker, int limit) {

	public static ImageQuery visibleTo(String projectId, int limit) {
		return new ImageQuery(projectId, false, Map.of(), null, "created_at", false, null, limit);
	}

}
