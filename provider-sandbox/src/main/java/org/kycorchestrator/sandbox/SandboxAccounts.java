package org.kycorchestrator.sandbox;

import java.security.MessageDigest;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import io.javalin.http.Context;

/**
 * The accounts of one simulated vendor, each with the state it keeps apart from the others (its
 * customers, its callback sender): what every simulator has in common. A request is matched to
 * its account by the credentials it presents, compared with every account's in constant time.
 *
 * @param <S> what each account of this vendor holds
 */
public final class SandboxAccounts<S> {

    /** An account with what it holds. */
    public record Held<S>(SandboxAccount account, S state) {
        public String name() {
            return account.name();
        }
    }

    private final String attribute;
    private final List<Held<S>> accounts;

    /**
     * @param vendor   the vendor every account must be at
     * @param accounts the vendor's accounts, the default one first; names and credentials each distinct
     * @param stateOf  makes the state of each account
     */
    public SandboxAccounts(final String vendor, final List<SandboxAccount> accounts, final Function<SandboxAccount, S> stateOf) {
        Objects.requireNonNull(vendor, "vendor cannot be null");
        Objects.requireNonNull(stateOf, "stateOf cannot be null");
        final Set<String> names = new HashSet<>();
        final Set<String> presented = new HashSet<>();
        for (SandboxAccount account : Objects.requireNonNull(accounts, "accounts cannot be null")) {
            if (!account.vendor().equals(vendor)) {
                throw new IllegalArgumentException("account " + account.name() + " is at " + account.vendor() + ", not " + vendor);
            }
            if (!names.add(account.name())) {
                throw new IllegalArgumentException(vendor + " has two accounts named " + account.name());
            }
            // Two accounts with the same credentials could not be told apart by a request.
            if (!presented.add(java.util.HexFormat.of().formatHex(account.credentials().presented()))) {
                throw new IllegalArgumentException(vendor + " account " + account.name() + " has the credentials of another account");
            }
        }
        this.attribute = vendor + ".account";
        this.accounts = accounts.stream().map(account -> new Held<>(account, stateOf.apply(account))).toList();
    }

    /**
     * The account whose credentials are {@code presented}, remembered on the request for
     * {@link #of(Context)}; empty when none has them. Every account is compared, whichever matches,
     * so the time taken tells nothing about which one did.
     */
    public Optional<Held<S>> authenticate(final Context ctx, final byte[] presented) {
        Held<S> found = null;
        for (Held<S> held : accounts) {
            if (presented != null && MessageDigest.isEqual(held.account().credentials().presented(), presented)) {
                found = held;
            }
        }
        if (found != null) {
            ctx.attribute(attribute, found);
        }
        return Optional.ofNullable(found);
    }

    /** The account the request authenticated as. */
    public Held<S> of(final Context ctx) {
        final Held<S> held = ctx.attribute(attribute);
        if (held == null) {
            throw new IllegalStateException("the request was not authenticated");
        }
        return held;
    }

    /** The names of the accounts whose state matches, e.g. those that hold a customer. */
    public List<String> namesWhere(final Predicate<S> holds) {
        return accounts.stream().filter(held -> holds.test(held.state())).map(Held::name).toList();
    }

    /** Every account, the default one first. */
    public List<Held<S>> all() {
        return accounts;
    }

    /** The account of this name. */
    public Optional<Held<S>> named(final String name) {
        return accounts.stream().filter(held -> held.name().equals(name)).findFirst();
    }
}
