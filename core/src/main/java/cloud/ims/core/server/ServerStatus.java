package cloud.ims.core.server;

/**
 * An ECS's life: {@code BUILD -> ACTIVE | ERROR}, {@code ACTIVE <-> SHUTOFF}, any -> {@code DELETED}.
 */
public enum ServerStatus {

	BUILD, ACTIVE, SHUTOFF, ERROR, DELETED

}
