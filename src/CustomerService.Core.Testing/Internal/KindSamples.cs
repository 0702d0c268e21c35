using CustomerService.Core.Calendars;
using CustomerService.Core.Callbacks;
using CustomerService.Core.Complaints;
using CustomerService.Core.Sla;
using CustomerService.Core.Storage;
using CustomerService.Core.Tickets;
using NodaTime;

namespace CustomerService.Core.Testing.Internal;

/// <summary>
/// Realistic snapshots, events and changes of one entity kind, made by the library's own lifecycles and services, seen
/// without their snapshot type so that one test body serves tickets, complaints and callbacks.
/// </summary>
internal abstract class KindSamples
{
    /// <summary>A Monday, 2 March 2026, 01:00 UTC: the kit's usual "now".</summary>
    public static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 1, 0);

    public static readonly KindSamples Tickets = new TicketSamples();

    public static readonly KindSamples Complaints = new ComplaintSamples();

    public static readonly KindSamples Callbacks = new CallbackSamples();

    public static IReadOnlyList<KindSamples> All { get; } = [Tickets, Complaints, Callbacks];

    public abstract string Kind { get; }

    public static KindSamples Of(string entityKind) => entityKind switch
    {
        TicketService.EntityKind => Tickets,
        ComplaintService.EntityKind => Complaints,
        CallbackService.EntityKind => Callbacks,
        null => throw new ArgumentNullException(nameof(entityKind)),
        _ => throw new ArgumentException($"Unknown entity kind '{entityKind}': the kit knows {TicketService.EntityKind}, {ComplaintService.EntityKind} and {CallbackService.EntityKind}.", nameof(entityKind)),
    };

    public abstract StoreView View(ConformanceStorage storage);

    /// <summary>A new entity at version 0, created at <paramref name="at"/>.</summary>
    public abstract object New(string id, Instant at);

    /// <summary>The entity with <paramref name="count"/> more history entries, recorded at <paramref name="at"/> by <paramref name="actor"/>.</summary>
    public abstract object Append(object entity, int count, Instant at, string actor);

    /// <summary>The entity with a changed field and the same history (what an SLA or due-work check saves).</summary>
    public abstract object Touch(object entity, Instant at);

    public abstract int HistoryCount(object entity);

    /// <summary>The history entries, boxed (they compare with their own equality).</summary>
    public abstract IReadOnlyList<object> History(object entity);

    /// <summary>The actor of each history entry.</summary>
    public abstract IReadOnlyList<string> Actors(object entity);

    /// <summary>The event the services raise for the entity's last write (opened or transitioned), stamped with <paramref name="messageId"/>.</summary>
    public abstract CustomerServiceEvent EventOf(object entity, string messageId);

    /// <summary>The changes the kind's service writes for one entity along a realistic script: creation, transitions, SLA and due-work checks.</summary>
    public abstract Task<IReadOnlyList<Change>> ScriptAsync(string id);

    /// <summary>An SLA policy on a 24 × 7 UTC calendar with every metric, so scripts cross warnings and breaches.</summary>
    protected static SlaCatalog Catalog()
    {
        var calendar = BusinessCalendar.CreateBuilder("Conformance 24x7", DateTimeZone.Utc);
        foreach (var day in Enum.GetValues<IsoDayOfWeek>())
        {
            if (day != IsoDayOfWeek.None)
            {
                calendar.Open(day, LocalTime.Midnight, LocalTime.Midnight);
            }
        }

        var policy = SlaPolicy.CreateBuilder("Conformance", calendar.Build(), "v1")
            .DefaultTarget(SlaMetric.FirstResponse, Duration.FromHours(1))
            .DefaultTarget(SlaMetric.NextResponse, Duration.FromHours(2))
            .DefaultTarget(SlaMetric.PeriodicUpdate, Duration.FromHours(24))
            .DefaultTarget(SlaMetric.Resolution, Duration.FromHours(8))
            .DefaultTarget(SlaMetric.Acknowledgement, Duration.FromHours(4))
            .DefaultTarget(SlaMetric.FinalResponse, Duration.FromDays(5))
            .PauseWhen(SlaWaitReason.PendingOnCustomer, SlaMetric.FirstResponse, SlaMetric.NextResponse, SlaMetric.Resolution)
            .PauseWhen(SlaWaitReason.DispatchedToDepartment, SlaMetric.Resolution)
            .Build();
        return new SlaCatalog([], [policy], policy.Name, policy.Name);
    }
}

/// <summary>The typed side of <see cref="KindSamples"/>.</summary>
internal abstract class KindSamples<TEntity, TState, TTrigger> : KindSamples
    where TEntity : class
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    public sealed override StoreView View(ConformanceStorage storage) => new StoreView<TEntity>(Kind, StoreOf(storage));

    public sealed override object New(string id, Instant at) => NewEntity(id, at);

    public sealed override object Append(object entity, int count, Instant at, string actor)
    {
        var next = (TEntity)entity;
        for (var i = 0; i < count; i++)
        {
            next = AppendOne(next, at, actor);
        }

        return next;
    }

    public sealed override object Touch(object entity, Instant at) => TouchEntity((TEntity)entity, at);

    public sealed override int HistoryCount(object entity) => HistoryOf((TEntity)entity).Count;

    public sealed override IReadOnlyList<object> History(object entity) => [.. HistoryOf((TEntity)entity).Select(e => (object)e)];

    public sealed override IReadOnlyList<string> Actors(object entity) => [.. HistoryOf((TEntity)entity).Select(e => e.Actor)];

    public sealed override CustomerServiceEvent EventOf(object entity, string messageId)
    {
        var typed = (TEntity)entity;
        var history = HistoryOf(typed);
        return (history.Count == 0 ? Opened(typed) : Transitioned(typed, history[^1])) with { Id = messageId };
    }

    public sealed override async Task<IReadOnlyList<Change>> ScriptAsync(string id)
    {
        var recorder = new RecordingStore<TEntity>(new InMemoryStorage().GetStore<TEntity>(Kind));
        await RunScriptAsync(recorder, new ManualClock(Start), id).ConfigureAwait(false);
        return recorder.Changes;
    }

    protected abstract IEntityStore<TEntity> StoreOf(ConformanceStorage storage);

    protected abstract TEntity NewEntity(string id, Instant at);

    protected abstract TEntity AppendOne(TEntity entity, Instant at, string actor);

    protected abstract TEntity TouchEntity(TEntity entity, Instant at);

    protected abstract IReadOnlyList<TransitionRecord<TState, TTrigger>> HistoryOf(TEntity entity);

    protected abstract CustomerServiceEvent Opened(TEntity entity);

    protected abstract CustomerServiceEvent Transitioned(TEntity entity, TransitionRecord<TState, TTrigger> transition);

    protected abstract Task RunScriptAsync(IEntityStore<TEntity> store, ManualClock clock, string id);
}

internal sealed class TicketSamples : KindSamples<Ticket, TicketState, TicketTrigger>
{
    private readonly TicketLifecycle _lifecycle = new(new TicketOptions());

    public override string Kind => TicketService.EntityKind;

    protected override IEntityStore<Ticket> StoreOf(ConformanceStorage storage) => storage.Tickets;

    protected override Ticket NewEntity(string id, Instant at) =>
        Ticket.Create(new TicketId(id), ContactChannel.Email, TicketCategory.Repair, TicketPriority.High, at);

    protected override Ticket AppendOne(Ticket entity, Instant at, string actor) => entity.State == TicketState.New
        ? _lifecycle.Apply(entity, new TicketCommand.Assign("agent-1"), actor, at)
        : _lifecycle.Apply(entity, new TicketCommand.AgentReply(), actor, at);

    protected override Ticket TouchEntity(Ticket entity, Instant at) => entity with { UpdatedAt = at, Tier = entity.Tier == 1 ? 2 : 1 };

    protected override IReadOnlyList<TransitionRecord<TicketState, TicketTrigger>> HistoryOf(Ticket entity) => entity.History;

    protected override CustomerServiceEvent Opened(Ticket entity) => new TicketOpened(entity, "desk");

    protected override CustomerServiceEvent Transitioned(Ticket entity, TransitionRecord<TicketState, TicketTrigger> transition) =>
        new TicketTransitioned(entity with { History = [] }, transition);

    protected override async Task RunScriptAsync(IEntityStore<Ticket> store, ManualClock clock, string id)
    {
        var service = new TicketService(store, _lifecycle, clock, Catalog());
        var ticketId = new TicketId(id);
        await service.OpenAsync(ticketId, ContactChannel.Email, TicketCategory.Repair, TicketPriority.High, "desk").ConfigureAwait(false);
        clock.Advance(Duration.FromMinutes(10));
        await service.ExecuteAsync(ticketId, new TicketCommand.Assign("agent-1"), "agent-1").ConfigureAwait(false);
        clock.Advance(Duration.FromMinutes(25));
        await service.ProcessDueAsync(clock.Now).ConfigureAwait(false); // the first response's 50 % warning
        clock.Advance(Duration.FromMinutes(10));
        await service.ExecuteAsync(ticketId, new TicketCommand.AgentReply(), "agent-1").ConfigureAwait(false);
        await service.ExecuteAsync(ticketId, new TicketCommand.WaitOnCustomer(), "agent-1").ConfigureAwait(false);
        clock.Advance(Duration.FromHours(3));
        await service.ExecuteAsync(ticketId, new TicketCommand.CustomerReply(), "customer").ConfigureAwait(false);
        await service.ExecuteAsync(ticketId, new TicketCommand.Dispatch("billing", Duration.FromHours(1)), "agent-1").ConfigureAwait(false);
        clock.Advance(Duration.FromHours(3));
        await service.ProcessDueAsync(clock.Now).ConfigureAwait(false); // the dispatch deadline and SLA crossings
        await service.ExecuteAsync(ticketId, new TicketCommand.ReturnFromHold(), "billing").ConfigureAwait(false);
        await service.ExecuteAsync(ticketId, new TicketCommand.Solve("FIXED") { FirstContact = false }, "agent-1").ConfigureAwait(false);
        clock.Advance(Duration.FromDays(8));
        await service.ProcessDueAsync(clock.Now).ConfigureAwait(false); // automatic closing
    }
}

internal sealed class ComplaintSamples : KindSamples<Complaint, ComplaintState, ComplaintTrigger>
{
    private static readonly ComplaintAssessment Assessment = new(ComplaintSeverity.High, ComplaintCategory.Product, ComplaintRootCause.ProductQuality);
    private readonly ComplaintLifecycle _lifecycle = new();

    public override string Kind => ComplaintService.EntityKind;

    protected override IEntityStore<Complaint> StoreOf(ConformanceStorage storage) => storage.Complaints;

    protected override Complaint NewEntity(string id, Instant at) => Complaint.Create(new ComplaintId(id), new ComplaintOrigin(ContactChannel.Phone), at);

    protected override Complaint AppendOne(Complaint entity, Instant at, string actor) => entity.State switch
    {
        ComplaintState.Received => _lifecycle.Apply(entity, new ComplaintCommand.Acknowledge(at + Duration.FromDays(30)), actor, at),
        ComplaintState.Acknowledged => _lifecycle.Apply(entity, new ComplaintCommand.Investigate(), actor, at),
        _ => _lifecycle.Apply(entity, new ComplaintCommand.Assess(Assessment), actor, at),
    };

    protected override Complaint TouchEntity(Complaint entity, Instant at) => entity with { UpdatedAt = at, ResponseOverdue = !entity.ResponseOverdue };

    protected override IReadOnlyList<TransitionRecord<ComplaintState, ComplaintTrigger>> HistoryOf(Complaint entity) => entity.History;

    protected override CustomerServiceEvent Opened(Complaint entity) => new ComplaintReceived(entity, "desk");

    protected override CustomerServiceEvent Transitioned(Complaint entity, TransitionRecord<ComplaintState, ComplaintTrigger> transition) =>
        new ComplaintTransitioned(entity with { History = [] }, transition);

    protected override async Task RunScriptAsync(IEntityStore<Complaint> store, ManualClock clock, string id)
    {
        var service = new ComplaintService(store, _lifecycle, clock, Catalog());
        var complaintId = new ComplaintId(id);
        await service.ReceiveAsync(complaintId, new ComplaintOrigin(ContactChannel.Phone), "desk").ConfigureAwait(false);
        clock.Advance(Duration.FromHours(1));
        await service.ExecuteAsync(complaintId, new ComplaintCommand.Acknowledge(clock.Now + Duration.FromDays(2)), "agent-1").ConfigureAwait(false);
        await service.ExecuteAsync(complaintId, new ComplaintCommand.Investigate(), "agent-1").ConfigureAwait(false);
        await service.ExecuteAsync(complaintId, new ComplaintCommand.Assess(Assessment), "agent-1").ConfigureAwait(false);
        clock.Advance(Duration.FromDays(3));
        await service.ProcessDueAsync(clock.Now).ConfigureAwait(false); // the response deadline and SLA crossings
        await service.ExecuteAsync(complaintId, new ComplaintCommand.ProposeRemedy(new ComplaintRemedy(RemedyKind.Refund, 199.00m, "CNY")), "agent-1").ConfigureAwait(false);
        await service.ExecuteAsync(complaintId, new ComplaintCommand.AcceptRemedy(), "customer").ConfigureAwait(false);
        clock.Advance(Duration.FromHours(2));
        await service.ExecuteAsync(complaintId, new ComplaintCommand.FulfilRemedy(), "agent-1").ConfigureAwait(false);
        await service.ExecuteAsync(complaintId, new ComplaintCommand.StartFollowUp(), "agent-1").ConfigureAwait(false);
        await service.ExecuteAsync(complaintId, new ComplaintCommand.Close(Satisfied: true), "agent-1").ConfigureAwait(false);
    }
}

internal sealed class CallbackSamples : KindSamples<Callback, CallbackState, CallbackTrigger>
{
    private readonly CallbackLifecycle _lifecycle = new(new CallbackRetryPolicy(3, [Duration.FromMinutes(30)], CallbackRetryPolicy.Anytime), DateTimeZoneProviders.Tzdb);

    public override string Kind => CallbackService.EntityKind;

    protected override IEntityStore<Callback> StoreOf(ConformanceStorage storage) => storage.Callbacks;

    protected override Callback NewEntity(string id, Instant at) => Callback.Create(new CallbackId(id), CallbackPurpose.SatisfactionCheck, DateTimeZone.Utc, at);

    protected override Callback AppendOne(Callback entity, Instant at, string actor) => entity.State == CallbackState.Requested
        ? _lifecycle.Apply(entity, new CallbackCommand.Schedule(at + Duration.FromHours(1), at + Duration.FromHours(3)), actor, at)
        : _lifecycle.Apply(entity, new CallbackCommand.Reschedule(at + Duration.FromDays(1), at + Duration.FromDays(1) + Duration.FromHours(2)), actor, at);

    protected override Callback TouchEntity(Callback entity, Instant at) => entity with { UpdatedAt = at, AttemptCount = entity.AttemptCount + 1 };

    protected override IReadOnlyList<TransitionRecord<CallbackState, CallbackTrigger>> HistoryOf(Callback entity) => entity.History;

    protected override CustomerServiceEvent Opened(Callback entity) => new CallbackRequested(entity, "desk");

    protected override CustomerServiceEvent Transitioned(Callback entity, TransitionRecord<CallbackState, CallbackTrigger> transition) =>
        new CallbackTransitioned(entity with { History = [] }, transition);

    protected override async Task RunScriptAsync(IEntityStore<Callback> store, ManualClock clock, string id)
    {
        var service = new CallbackService(store, _lifecycle, clock);
        var callbackId = new CallbackId(id);
        await service.RequestAsync(callbackId, new CallbackDetails(CallbackPurpose.SatisfactionCheck, DateTimeZone.Utc) { TicketId = new TicketId("T-1") }, "desk").ConfigureAwait(false);
        await service.ExecuteAsync(callbackId, new CallbackCommand.Schedule(clock.Now + Duration.FromHours(1), clock.Now + Duration.FromHours(3)), "agent-1").ConfigureAwait(false);
        clock.Advance(Duration.FromHours(2));
        await service.ProcessDueAsync(clock.Now).ConfigureAwait(false); // becomes due
        await service.ExecuteAsync(callbackId, new CallbackCommand.StartAttempt(), "dialler").ConfigureAwait(false);
        await service.ExecuteAsync(callbackId, new CallbackCommand.NoAnswer(), "dialler").ConfigureAwait(false);
        clock.Advance(Duration.FromHours(1));
        await service.ProcessDueAsync(clock.Now).ConfigureAwait(false); // due again after the retry interval
        await service.ExecuteAsync(callbackId, new CallbackCommand.StartAttempt(), "dialler").ConfigureAwait(false);
        await service.ExecuteAsync(callbackId, new CallbackCommand.Reach(), "dialler").ConfigureAwait(false);
        await service.ExecuteAsync(callbackId, new CallbackCommand.Complete(CallbackOutcome.Satisfied), "agent-1").ConfigureAwait(false);
    }
}
