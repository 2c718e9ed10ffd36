package cloud.ims.core.store;

import java.io.IOException;

/**
 * The usable space of the file system that holds the image store (the port that {@link StorageFloor} reads; a fake in
 * unit tests).
 */
public interface StoreSpace {

	/** The bytes this process may still write there. */
	long usableBytes() throws IOException;

}
