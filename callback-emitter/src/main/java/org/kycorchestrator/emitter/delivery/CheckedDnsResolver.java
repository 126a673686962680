package org.kycorchestrator.emitter.delivery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Optional;

import org.apache.hc.client5.http.DnsResolver;
import org.kycorchestrator.webhooks.AddressPolicy;

/**
 * The HTTP client's only way from a name to an address. It resolves once per connection, checks
 * every address against the policy, and hands back exactly the addresses it checked, which are the
 * ones the client then dials: nothing is resolved again, so a DNS answer that changes between check
 * and connect (rebinding) cannot slip past. One forbidden address refuses the whole name.
 */
final class CheckedDnsResolver implements DnsResolver {

    private final AddressPolicy policy;
    private final HostResolver resolver;

    CheckedDnsResolver(final AddressPolicy policy, final HostResolver resolver) {
        this.policy = Objects.requireNonNull(policy, "policy cannot be null");
        this.resolver = Objects.requireNonNull(resolver, "resolver cannot be null");
    }

    @Override
    public InetAddress[] resolve(final String host) throws UnknownHostException {
        final InetAddress spelled = AddressPolicy.spelledAddress(host);
        final InetAddress[] addresses = spelled != null ? new InetAddress[] {spelled} : resolver.resolve(host);
        if (addresses == null || addresses.length == 0) {
            throw new UnknownHostException(host + " has no address");
        }
        for (final InetAddress address : addresses) {
            final Optional<String> refusal = policy.refusal(address);
            if (refusal.isPresent()) {
                throw new ForbiddenAddressException(host + " resolves to " + address.getHostAddress()
                        + ", " + refusal.get() + ", which webhooks may not reach");
            }
        }
        return addresses.clone();
    }

    @Override
    public String resolveCanonicalHostname(final String host) {
        // Only Kerberos asks for this; answering without DNS keeps every lookup in resolve().
        return host;
    }

    /** A name that resolved, but to an address the policy forbids. */
    static final class ForbiddenAddressException extends UnknownHostException {
        private static final long serialVersionUID = 1L;

        ForbiddenAddressException(final String message) {
            super(message);
        }
    }
}
