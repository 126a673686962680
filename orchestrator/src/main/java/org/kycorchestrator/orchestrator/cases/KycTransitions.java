package org.kycorchestrator.orchestrator.cases;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.kycorchestrator.schemas.KycState;
import org.kycorchestrator.schemas.KycStatusEvent;
import org.kycorchestrator.schemas.cases.KycCase;
import org.kycorchestrator.schemas.commands.CommandResult;
import org.kycorchestrator.schemas.commands.ErrorDetail;
import org.kycorchestrator.schemas.commands.KycCommand;
import org.kycorchestrator.schemas.commands.Outcome;
import org.kycorchestrator.schemas.commands.RegisterCustomer;
import org.kycorchestrator.schemas.commands.RequestLink;
import org.kycorchestrator.schemas.commands.StartVerification;
import org.kycorchestrator.schemas.providers.BeginVerification;
import org.kycorchestrator.schemas.providers.CallbackReceived;
import org.kycorchestrator.schemas.providers.CreateVendorProfile;
import org.kycorchestrator.schemas.providers.FetchStatus;
import org.kycorchestrator.schemas.providers.IssueLink;
import org.kycorchestrator.schemas.providers.LinkIssued;
import org.kycorchestrator.schemas.providers.ProviderRequest;
import org.kycorchestrator.schemas.providers.ProviderResult;
import org.kycorchestrator.schemas.providers.StatusObserved;
import org.kycorchestrator.schemas.providers.VendorError;
import org.kycorchestrator.schemas.providers.VerificationStarted;

/**
 * The KYC state machine as a pure function {@code (case, input) -> (case', outputs)}: no I/O, no
 * clock, no randomness. Ids of what it emits are derived from what it was given, so replaying an
 * input after a crash emits the same records. docs/state-machine.md has the table this implements.
 */
public final class KycTransitions {

    static final Set<KycState> LINK_ALLOWED = EnumSet.of(KycState.CREATED, KycState.PENDING_KYC_DATA,
            KycState.KYC_PENDING, KycState.SOFT_KYC_FAILED);
    static final Set<KycState> VERIFICATION_ALLOWED = EnumSet.of(KycState.PENDING_KYC_DATA, KycState.KYC_PENDING,
            KycState.SOFT_KYC_FAILED);
    static final Set<KycState> FINAL = EnumSet.of(KycState.APPROVED, KycState.HARD_KYC_FAILED);

    private KycTransitions() {
    }

    public static Transition apply(final KycCase current, final KycInput input, final Instant now) {
        if (input instanceof KycInput.Command c) {
            return onCommand(current, c.command(), now);
        }
        final ProviderResult result = ((KycInput.VendorResult) input).result();
        return current == null ? unchanged(null) : onResult(current, result, now);
    }

    private static Transition onCommand(final KycCase current, final KycCommand command, final Instant now) {
        final Object payload = command.getPayload();
        if (payload instanceof RegisterCustomer register) {
            return current == null ? register(command, register, now)
                    : rejected(current, command, now, "conflict", "the customer is already registered");
        }
        if (current == null || !current.getTenantId().equals(command.getTenantId())) {
            return rejected(current, command, now, "not_found", "no customer " + command.getCustomerId());
        }
        if (payload instanceof RequestLink link) {
            return requestLink(current, command, link, now);
        }
        if (payload instanceof StartVerification) {
            return startVerification(current, command, now);
        }
        return rejected(current, command, now, "bad_request", "unknown command");
    }

    private static Transition register(final KycCommand command, final RegisterCustomer register, final Instant now) {
        final KycCase created = KycCase.newBuilder()
                .setCustomerId(command.getCustomerId())
                .setTenantId(command.getTenantId())
                .setExternalId(register.getExternalId())
                .setVendor(register.getVendor())
                .setState(KycState.CREATED)
                .setProfile(register.getProfile())
                .setSequence(0)
                .setCreatedAt(now)
                .setUpdatedAt(now)
                .build();
        final Changed changed = moveTo(created, null, KycState.CREATED, List.of("customer_registered"), null, now);
        final ProviderRequest createProfile = request(changed.kycCase(), command.getCommandId(), "profile", now,
                new CreateVendorProfile(register.getProfile()));
        return new Transition(Optional.of(changed.kycCase()), true, List.of(changed.event()), List.of(createProfile),
                Optional.of(accepted(changed.kycCase(), command.getCommandId(), true, now)));
    }

    private static Transition requestLink(final KycCase current, final KycCommand command, final RequestLink link, final Instant now) {
        if (!LINK_ALLOWED.contains(current.getState())) {
            return rejected(current, command, now, "conflict", "a link cannot be issued in state " + current.getState());
        }
        final ProviderRequest issue = request(current, command.getCommandId(), "link", now,
                new IssueLink(link.getLocale(), link.getRedirectUri()));
        return new Transition(Optional.of(current), false, List.of(), List.of(issue), Optional.empty());
    }

    private static Transition startVerification(final KycCase current, final KycCommand command, final Instant now) {
        if (!VERIFICATION_ALLOWED.contains(current.getState())) {
            return rejected(current, command, now, "conflict", "verification cannot start in state " + current.getState());
        }
        final ProviderRequest begin = request(current, command.getCommandId(), "verification", now, new BeginVerification());
        return new Transition(Optional.of(current), false, List.of(), List.of(begin), Optional.empty());
    }

    private static Transition onResult(final KycCase current, final ProviderResult result, final Instant now) {
        final Object payload = result.getPayload();
        if (payload instanceof LinkIssued issued) {
            final KycCase withLink = KycCase.newBuilder(current).setLink(issued.getLink()).setUpdatedAt(now).build();
            if (current.getState() == KycState.CREATED) {
                final Changed changed = moveTo(withLink, current.getState(), KycState.PENDING_KYC_DATA, List.of("link_issued"), null, now);
                return changedWithResult(changed, result, true, now);
            }
            return new Transition(Optional.of(withLink), true, List.of(), List.of(),
                    answer(result, () -> accepted(withLink, result.getCommandId(), true, now)));
        }
        if (payload instanceof VerificationStarted) {
            if (FINAL.contains(current.getState()) || current.getState() == KycState.VERIFICATION_IN_PROGRESS) {
                return new Transition(Optional.of(current), false, List.of(), List.of(),
                        answer(result, () -> accepted(current, result.getCommandId(), false, now)));
            }
            final Changed changed = moveTo(current, current.getState(), KycState.VERIFICATION_IN_PROGRESS,
                    List.of("verification_started"), null, now);
            return changedWithResult(changed, result, false, now);
        }
        if (payload instanceof CallbackReceived) {
            final ProviderRequest fetch = request(current, null, "status-" + result.getResultId(), now, new FetchStatus("callback"));
            return new Transition(Optional.of(current), false, List.of(), List.of(fetch), Optional.empty());
        }
        if (payload instanceof StatusObserved observed) {
            return statusObserved(current, observed, now);
        }
        if (payload instanceof VendorError error) {
            return new Transition(Optional.of(current), false, List.of(), List.of(),
                    answer(result, () -> rejection(current, result.getCommandId(), now, vendorErrorCode(error),
                            vendorName(current) + " refused " + error.getOperation() + ": " + error.getCode() + " " + error.getMessage())));
        }
        return unchanged(current);
    }

    private static Transition statusObserved(final KycCase current, final StatusObserved observed, final Instant now) {
        final KycState target = observed.getState();
        final boolean revocation = current.getState() == KycState.APPROVED && target == KycState.HARD_KYC_FAILED;
        if (target == null || target == current.getState() || FINAL.contains(current.getState()) && !revocation) {
            return unchanged(current);
        }
        final List<String> reasons = new ArrayList<>();
        observed.getRejectLabels().forEach(label -> reasons.add(code(label)));
        observed.getDocsMissing().forEach(doc -> reasons.add("missing_" + code(doc)));
        if (revocation) {
            reasons.add("vendor_revoked");
        }
        if (reasons.isEmpty() && observed.getVendorStatus() != null) {
            reasons.add("vendor_status_" + code(observed.getVendorStatus()));
        }
        final Changed changed = moveTo(current, current.getState(), target, reasons, observed.getVendorStatus(), now);
        return new Transition(Optional.of(changed.kycCase()), true, List.of(changed.event()), List.of(), Optional.empty());
    }

    private record Changed(KycCase kycCase, KycStatusEvent event) {
    }

    private static Changed moveTo(final KycCase kycCase, final KycState from, final KycState to, final List<String> reasons,
                                  final String vendorStatus, final Instant now) {
        final long sequence = kycCase.getSequence() + 1;
        final KycStatusEvent event = KycStatusEvent.newBuilder()
                .setEventId(derivedId(kycCase.getCustomerId() + ":" + sequence))
                .setType("kyc." + to.name().toLowerCase(Locale.ROOT))
                .setTenantId(kycCase.getTenantId())
                .setCustomerId(kycCase.getCustomerId())
                .setSequence(sequence)
                .setFrom(from)
                .setTo(to)
                .setReasonCodes(List.copyOf(reasons))
                .setVendor(kycCase.getVendor())
                .setVendorStatus(vendorStatus)
                .setOccurredAt(now)
                .build();
        final List<KycStatusEvent> history = new ArrayList<>(kycCase.getHistory());
        history.add(event);
        final KycCase next = KycCase.newBuilder(kycCase)
                .setState(to)
                .setSequence(sequence)
                .setReasonCodes(List.copyOf(reasons))
                .setVendorStatus(vendorStatus == null ? kycCase.getVendorStatus() : vendorStatus)
                .setUpdatedAt(now)
                .setHistory(history)
                .build();
        return new Changed(next, event);
    }

    private static Transition changedWithResult(final Changed changed, final ProviderResult result, final boolean created, final Instant now) {
        return new Transition(Optional.of(changed.kycCase()), true, List.of(changed.event()), List.of(),
                answer(result, () -> accepted(changed.kycCase(), result.getCommandId(), created, now)));
    }

    private static Optional<CommandResult> answer(final ProviderResult result, final java.util.function.Supplier<CommandResult> outcome) {
        return result.getCommandId() == null ? Optional.empty() : Optional.of(outcome.get());
    }

    private static ProviderRequest request(final KycCase kycCase, final String commandId, final String purpose,
                                           final Instant now, final Object payload) {
        final String origin = commandId != null ? commandId : purpose;
        return ProviderRequest.newBuilder()
                .setRequestId(derivedId(kycCase.getCustomerId() + ":" + origin + ":" + purpose))
                .setCommandId(commandId)
                .setTenantId(kycCase.getTenantId())
                .setCustomerId(kycCase.getCustomerId())
                .setVendor(kycCase.getVendor())
                .setIssuedAt(now)
                .setPayload(payload)
                .build();
    }

    private static CommandResult accepted(final KycCase kycCase, final String commandId, final boolean created, final Instant now) {
        return CommandResult.newBuilder()
                .setCommandId(commandId)
                .setTenantId(kycCase.getTenantId())
                .setCustomerId(kycCase.getCustomerId())
                .setOutcome(Outcome.ACCEPTED)
                .setCreated(created)
                .setKycCase(CaseViews.of(kycCase))
                .setDecidedAt(now)
                .build();
    }

    private static Transition rejected(final KycCase current, final KycCommand command, final Instant now,
                                       final String code, final String message) {
        final CommandResult result = CommandResult.newBuilder()
                .setCommandId(command.getCommandId())
                .setTenantId(command.getTenantId())
                .setCustomerId(command.getCustomerId())
                .setOutcome(Outcome.REJECTED)
                .setErrors(List.of(new ErrorDetail(code, message)))
                .setDecidedAt(now)
                .build();
        return new Transition(Optional.ofNullable(current), false, List.of(), List.of(), Optional.of(result));
    }

    private static CommandResult rejection(final KycCase current, final String commandId, final Instant now,
                                           final String code, final String message) {
        return CommandResult.newBuilder()
                .setCommandId(commandId)
                .setTenantId(current.getTenantId())
                .setCustomerId(current.getCustomerId())
                .setOutcome(Outcome.REJECTED)
                .setErrors(List.of(new ErrorDetail(code, message)))
                .setKycCase(CaseViews.of(current))
                .setDecidedAt(now)
                .build();
    }

    /** A vendor's refusal of bad data is the caller's to fix; a vendor outage is not. */
    private static String vendorErrorCode(final VendorError error) {
        if (error.getHttpStatus() >= 500 || error.getHttpStatus() == 0) {
            return "bad_gateway";
        }
        return switch (error.getHttpStatus()) {
            case 404 -> "not_found";
            case 409 -> "conflict";
            case 412 -> "precondition_failed";
            case 429 -> "too_many_requests";
            default -> "unprocessable_content";
        };
    }

    private static String vendorName(final KycCase kycCase) {
        return kycCase.getVendor().name().toLowerCase(Locale.ROOT);
    }

    private static String code(final String text) {
        return text.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    }

    private static Transition unchanged(final KycCase current) {
        return new Transition(Optional.ofNullable(current), false, List.of(), List.of(), Optional.empty());
    }

    static String derivedId(final String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
