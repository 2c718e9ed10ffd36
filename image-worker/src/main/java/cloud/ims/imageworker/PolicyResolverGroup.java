package cloud.ims.imageworker;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

import cloud.ims.core.imports.SourcePolicy;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetNameResolver;
import io.netty.resolver.InetSocketAddressResolver;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;

/**
 * Resolves host names for downloads and refuses, at resolution time, every address the source policy forbids. The
 * connection then goes to exactly the address that was checked, so a name cannot be re-pointed at an internal
 * address between the check and the connection (DNS rebinding).
 */
final class PolicyResolverGroup extends AddressResolverGroup<InetSocketAddress> {

	private final SourcePolicy policy;

	PolicyResolverGroup(SourcePolicy policy) {
		this.policy = policy;
	}

	@Override
	protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
		return new InetSocketAddressResolver(executor, new CheckingResolver(executor, this.policy));
	}

	private static final class CheckingResolver extends InetNameResolver {

		private final SourcePolicy policy;

		CheckingResolver(EventExecutor executor, SourcePolicy policy) {
			super(executor);
			this.policy = policy;
		}

		@Override
		protected void doResolve(String host, Promise<InetAddress> promise) {
			try {
				promise.setSuccess(checked(host).get(0));
			}
			catch (UnknownHostException | RuntimeException failure) {
				promise.setFailure(failure);
			}
		}

		@Override
		protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
			try {
				promise.setSuccess(checked(host));
			}
			catch (UnknownHostException | RuntimeException failure) {
				promise.setFailure(failure);
			}
		}

		private List<InetAddress> checked(String host) throws UnknownHostException {
			List<InetAddress> addresses = List.of(InetAddress.getAllByName(host));
			addresses.forEach((address) -> this.policy.requireAllowed(host, address));
			return addresses;
		}

	}

}
