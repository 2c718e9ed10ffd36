package cloud.ims.core.compute.simulated;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Mutual exclusion per ECS across every process that shares the simulated service's root, through a file lock on
 * {@code locks/<serverId>.lock}. File locks belong to the whole JVM (a second lock attempt from the same JVM fails
 * instead of waiting), so threads of one JVM first queue on an in-memory lock striped by lock file; that lock only
 * orders threads, the file lock is what makes it correct across processes. Lock files are never deleted: removing
 * one while another process waits on it would let two processes hold "the" lock.
 */
final class VmLocks {

	private static final ReentrantLock[] stripes = new ReentrantLock[64];

	static {
		for (int i = 0; i < stripes.length; i++) {
			stripes[i] = new ReentrantLock();
		}
	}

	private final Path directory;

	VmLocks(Path directory) {
		this.directory = directory;
	}

	<T> T withLock(String serverId, LockedAction<T> action) throws IOException {
		Path lockFile = this.directory.resolve(serverId + ".lock");
		ReentrantLock local = stripes[Math.floorMod(lockFile.hashCode(), stripes.length)];
		local.lock();
		try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
				FileLock lock = channel.lock()) {
			return action.run();
		}
		finally {
			local.unlock();
		}
	}

	/** Work done while holding an ECS's lock. */
	@FunctionalInterface
	interface LockedAction<T> {

		T run() throws IOException;

	}

}
