using System.Globalization;
using CustomerService.Core;
using CustomerService.Core.Calendars;
using CustomerService.Core.Callbacks;
using CustomerService.Core.Complaints;
using CustomerService.Core.DependencyInjection;
using CustomerService.Core.Sla;
using CustomerService.Core.Sqlite;
using CustomerService.Core.Storage;
using CustomerService.Core.Tickets;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;

namespace CustomerService.Core.Tour;

/// <summary>A day at a help desk: tickets on several channels, a dispatch, a complaint with a remedy, a follow-up callback.</summary>
internal static class LifecyclesSection
{
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
    private static readonly LocalTimePattern Time = LocalTimePattern.CreateWithInvariantCulture("HH:mm");
    private static readonly LocalDateTimePattern DayTime = LocalDateTimePattern.CreateWithInvariantCulture("ddd MM-dd HH:mm");

    /// <summary>Where the help desk keeps its data: a SQLite file by default (so a second run finds the first run's tickets), or process memory.</summary>
    public static string? DatabasePath { get; set; } = "customer-service-tour.db";

    public static void Run(TextWriter output) => RunAsync(output).GetAwaiter().GetResult();

    private static async Task RunAsync(TextWriter output)
    {
        var clock = new TourClock(new LocalDateTime(2026, 3, 2, 9, 0).InZoneLeniently(Shanghai).ToInstant());
        var sla = DeskSla();

        // Wired as a host wires it: the services, the storage (one SQLite file: stores and outbox in one transaction),
        // the dispatcher that delivers the outbox to the complaint follow-up and to a sink that prints each event.
        var services = new ServiceCollection()
            .AddSingleton<IClock>(clock)
            .AddSingleton(sla)
            .AddSingleton(output);
        var desk = services.AddCustomerServiceCore(o => o.Tickets.AutoCloseAfter = Duration.FromDays(4)).AddEventSink<PrintingSink>();
        var path = DatabasePath;
        if (path is not null)
        {
            desk.AddSqliteStorage("Data Source=" + path);
        }

        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        provider.ValidateCustomerServiceCoreOptions();
        var tickets = provider.GetRequiredService<ITicketService>();
        var complaints = provider.GetRequiredService<IComplaintService>();
        var callbacks = provider.GetRequiredService<ICallbackService>();
        var dispatcher = provider.GetRequiredService<OutboxDispatcher>();

        // Each run of the tour uses its own identifiers (R1-…, R2-…), so the file keeps every earlier run's desk.
        var run = 1;
        while (await tickets.FindAsync(new TicketId($"R{run}-T-1001")) is { } earlier)
        {
            output.WriteLine($"  {path}: run {run} is stored — {earlier.Id} is {earlier.State} at version {earlier.Version}, {earlier.History.Count} history entries");
            run++;
        }

        output.WriteLine(DatabasePath is null ? "  storage: in process memory" : $"  storage: SQLite file {path} (run {run})");

        TicketId Ticket(string id) => new($"R{run}-{id}");
        ComplaintId Complaint(string id) => new($"R{run}-{id}");
        CallbackId Callback(string id) => new($"R{run}-{id}");

        async Task<T> Do<T>(Task<T> command)
        {
            var result = await command;
            await dispatcher.DispatchAsync(clock.GetCurrentInstant());
            return result;
        }

        output.WriteLine("  SLA: first response 1 h urgent / 4 h otherwise, next response 2 h, resolution 16 business hours (Mon–Fri 09:00–12:00, 13:00–18:00);");
        output.WriteLine("       pending pauses every ticket clock, a dispatch pauses resolution only; complaints: acknowledge in 8 h, answer in 40 h.");

        // 09:00 — a phone call, solved on first contact.
        var call = Ticket("T-1001");
        await Do(tickets.OpenAsync(call, ContactChannel.Phone, TicketCategory.Inquiry, TicketPriority.Normal, "ivr"));
        clock.Minutes(1);
        await Do(tickets.ExecuteAsync(call, new TicketCommand.Assign("agent-li"), "agent-li"));
        clock.Minutes(2);
        await Do(tickets.ExecuteAsync(call, new TicketCommand.AgentReply(), "agent-li"));
        clock.Minutes(4);
        await Do(tickets.ExecuteAsync(call, new TicketCommand.Solve("ANSWERED") { FirstContact = true }, "agent-li"));

        // 09:20 — an e-mail about an exchange: waits on the customer, then is dispatched to the warehouse with a time limit.
        clock.Minutes(13);
        var mail = Ticket("T-1002");
        await Do(tickets.OpenAsync(mail, ContactChannel.Email, TicketCategory.OrderReturnExchange, TicketPriority.High, "mailbox"));
        await Do(tickets.ExecuteAsync(mail, new TicketCommand.Assign("agent-wang"), "agent-wang"));
        clock.Minutes(10);
        await Do(tickets.ExecuteAsync(mail, new TicketCommand.AgentReply(), "agent-wang"));
        await Do(tickets.ExecuteAsync(mail, new TicketCommand.WaitOnCustomer(), "agent-wang"));
        clock.Minutes(95);
        await Do(tickets.ExecuteAsync(mail, new TicketCommand.CustomerReply(), "customer"));
        var dispatched = await Do(tickets.ExecuteAsync(mail, new TicketCommand.Dispatch("warehouse", Duration.FromHours(4)), "agent-wang"));
        output.WriteLine($"        dispatched to {dispatched.Hold!.Value.Party}: 4 h limit in business hours ({dispatched.Hold.Value.DeadlineBasis}), due back by {DayTime.Format(dispatched.Hold.Value.Deadline!.Value.InZone(Shanghai).LocalDateTime)}");

        // 11:05 — a WeChat message turns into a complaint with a refund, followed up by a callback.
        var wechat = Ticket("T-1003");
        await Do(tickets.OpenAsync(wechat, ContactChannel.WeChat, TicketCategory.Complaint, TicketPriority.Urgent, "wechat"));
        await Do(tickets.ExecuteAsync(wechat, new TicketCommand.Assign("agent-li"), "agent-li"));
        await Do(tickets.ExecuteAsync(wechat, new TicketCommand.Escalate("product-defect"), "agent-li"));

        var complaint = Complaint("C-2001");
        await Do(complaints.ReceiveAsync(complaint, new ComplaintOrigin(ContactChannel.WeChat) { TicketId = wechat }, "agent-li"));
        await Do(complaints.ExecuteAsync(complaint, new ComplaintCommand.Acknowledge(clock.GetCurrentInstant() + Duration.FromDays(3)), "agent-zhao"));
        await Do(complaints.ExecuteAsync(complaint, new ComplaintCommand.Investigate(), "agent-zhao"));
        clock.Minutes(30);
        await Do(complaints.ExecuteAsync(complaint, new ComplaintCommand.Assess(new ComplaintAssessment(ComplaintSeverity.High, ComplaintCategory.Product, ComplaintRootCause.ProductQuality)), "agent-zhao"));
        await Do(complaints.ExecuteAsync(complaint, new ComplaintCommand.ProposeRemedy(new ComplaintRemedy(RemedyKind.Refund, 299m, "CNY")), "agent-zhao"));
        clock.Minutes(20);
        await Do(complaints.ExecuteAsync(complaint, new ComplaintCommand.AcceptRemedy(), "customer"));
        await Do(tickets.ExecuteAsync(wechat, new TicketCommand.Solve("REFUNDED") { FirstContact = false }, "agent-li"));

        // 13:30 — the warehouse answers within its limit.
        clock.Minutes(95);
        await Do(tickets.ExecuteAsync(mail, new TicketCommand.ReturnFromHold(), "warehouse"));
        await Do(tickets.ExecuteAsync(mail, new TicketCommand.Solve("EXCHANGE-SHIPPED") { FirstContact = false }, "agent-wang"));

        // 14:00 — the refund is paid; the follow-up callback is planned for 16:00–18:00.
        clock.Minutes(30);
        await Do(complaints.ExecuteAsync(complaint, new ComplaintCommand.FulfilRemedy(), "finance"));
        await Do(complaints.ExecuteAsync(complaint, new ComplaintCommand.StartFollowUp(), "agent-zhao"));
        var followUp = Callback("CB-3001");
        await Do(callbacks.RequestAsync(followUp, new CallbackDetails(CallbackPurpose.ComplaintFollowUp, Shanghai) { TicketId = wechat, ComplaintId = complaint }, "agent-zhao"));
        var sixteen = clock.GetCurrentInstant() + Duration.FromHours(2);
        await Do(callbacks.ExecuteAsync(followUp, new CallbackCommand.Schedule(sixteen, sixteen + Duration.FromHours(2)), "agent-zhao"));

        // A spam text message, and an attempt to reopen it once cancelled.
        var spam = Ticket("T-1004");
        await Do(tickets.OpenAsync(spam, ContactChannel.Sms, TicketCategory.Inquiry, TicketPriority.Low, "sms-gateway"));
        await Do(tickets.ExecuteAsync(spam, new TicketCommand.Cancel(TicketCancelReason.Spam), "agent-wang"));
        try
        {
            await Do(tickets.ExecuteAsync(spam, new TicketCommand.Reopen(), "agent-wang"));
        }
        catch (InvalidTransitionException<TicketState, TicketTrigger> e)
        {
            output.WriteLine($"        refused: {e.Trigger} in {e.State} (permitted: {(e.PermittedTriggers.Count == 0 ? "none" : string.Join(", ", e.PermittedTriggers))})");
        }

        // 16:00 — the dialler picks up the callback: no answer, then reached on the retry.
        clock.Minutes(120);
        var ticketWork = await Do(tickets.ProcessDueAsync(clock.GetCurrentInstant()));
        var complaintWork = await Do(complaints.ProcessDueAsync(clock.GetCurrentInstant()));
        output.WriteLine($"        due work: {ticketWork.Changed.Count} ticket(s) and {complaintWork.Changed.Count} complaint(s) checked; {complaint}'s next warning at {NextChange((await complaints.FindAsync(complaint))?.Sla)}");
        await Do(callbacks.ProcessDueAsync(clock.GetCurrentInstant()));
        await Do(callbacks.ExecuteAsync(followUp, new CallbackCommand.StartAttempt(), "agent-zhao"));
        var retry = await Do(callbacks.ExecuteAsync(followUp, new CallbackCommand.NoAnswer(), "agent-zhao"));
        output.WriteLine($"        attempt {retry.AttemptCount} unanswered, next attempt at {Local(retry.DueAt!.Value)}");
        clock.Minutes(30);
        await Do(callbacks.ProcessDueAsync(clock.GetCurrentInstant()));
        await Do(callbacks.ExecuteAsync(followUp, new CallbackCommand.StartAttempt(), "agent-zhao"));
        await Do(callbacks.ExecuteAsync(followUp, new CallbackCommand.Reach(), "agent-zhao"));
        await Do(callbacks.ExecuteAsync(followUp, new CallbackCommand.Complete(CallbackOutcome.Satisfied), "agent-zhao"));
        await Do(complaints.ExecuteAsync(complaint, new ComplaintCommand.Close(Satisfied: true), "agent-zhao"));

        // Saturday 02:00, five days later: the nightly job closes the tickets solved more than four days ago.
        var nightly = new LocalDateTime(2026, 3, 7, 2, 0).InZoneLeniently(Shanghai).ToInstant();
        clock.Set(nightly);
        var closed = (await Do(tickets.ProcessDueAsync(nightly))).Changed.Where(t => t.State == TicketState.Closed).ToList();
        output.WriteLine($"        nightly job closed {closed.Count} solved tickets: {string.Join(", ", closed.Select(t => t.Id))}");
        var first = (await tickets.FindAsync(call))!;
        output.WriteLine($"        {first.Id}: version {first.Version}, solved on first contact: {first.SolvedOnFirstContact}, history entries: {first.History.Count}");
    }

    private static string Local(Instant instant) => Time.Format(instant.InZone(Shanghai).TimeOfDay);

    private static string NextChange(SlaClockSet? sla) =>
        sla?.NextChangeAt is { } next ? DayTime.Format(next.InZone(Shanghai).LocalDateTime) : "none";

    private static SlaCatalog DeskSla()
    {
        var desk = BusinessCalendar.CreateBuilder("Shanghai desk", Shanghai)
            .OpenWeekdays(new LocalTime(9, 0), new LocalTime(12, 0))
            .OpenWeekdays(new LocalTime(13, 0), new LocalTime(18, 0))
            .Build();
        var standard = SlaPolicy.CreateBuilder("Standard", desk, "2026-03")
            .Target(SlaMetric.FirstResponse, SlaPriority.Urgent, Duration.FromHours(1))
            .DefaultTarget(SlaMetric.FirstResponse, Duration.FromHours(4))
            .DefaultTarget(SlaMetric.NextResponse, Duration.FromHours(2))
            .DefaultTarget(SlaMetric.Resolution, Duration.FromHours(16))
            .PauseWhen(SlaWaitReason.PendingOnCustomer, SlaMetric.FirstResponse, SlaMetric.NextResponse, SlaMetric.Resolution)
            .PauseWhen(SlaWaitReason.DispatchedToDepartment, SlaMetric.Resolution)
            .Build();
        var complaints = SlaPolicy.CreateBuilder("Complaints", desk, "2026-03")
            .DefaultTarget(SlaMetric.Acknowledgement, Duration.FromHours(8))
            .DefaultTarget(SlaMetric.FinalResponse, Duration.FromHours(40))
            .Build();
        return new SlaCatalog([new("Shanghai desk", desk)], [standard, complaints], ticketPolicy: "Standard", complaintPolicy: "Complaints");
    }

    /// <summary>One short line per clock: met, paused, or running with its due instant.</summary>
    private static string DescribeSla(SlaClockSet? set, SlaCatalog catalog, Instant now)
    {
        if (set is null || !catalog.TryGetPolicy(set, out _))
        {
            return string.Empty;
        }

        // Judged as recorded: a clock met before a re-selection stays met under the target it was met under.
        var parts = set.CreateClocks(catalog).Select(clock =>
        {
            var status = clock.Evaluate(now);
            var name = clock.Metric switch
            {
                SlaMetric.FirstResponse => "first response",
                SlaMetric.NextResponse => "next response",
                SlaMetric.Resolution => "resolution",
                SlaMetric.Acknowledgement => "acknowledgement",
                SlaMetric.FinalResponse => "final response",
                _ => clock.Metric.ToString(),
            };
            return status.DueAt is { } due && status.State == SlaClockState.Running
                ? $"{name} due {DayTime.Format(due.InZone(Shanghai).LocalDateTime)}"
                : $"{name} {status.State.ToString().ToLowerInvariant()}";
        });
        return "          SLA: " + string.Join(" · ", parts);
    }

    /// <summary>Prints each domain event the dispatcher delivers from the outbox.</summary>
    private sealed class PrintingSink(TextWriter output, SlaCatalog sla) : ICustomerServiceEventSink
    {
        public ValueTask PublishAsync(CustomerServiceEvent domainEvent, CancellationToken cancellationToken = default)
        {
            var line = domainEvent switch
            {
                TicketOpened e => $"{e.Ticket.Id} opened ({e.Ticket.Channel}, {e.Ticket.Category}, {e.Ticket.Priority})",
                TicketTransitioned e => Describe(e.Ticket.Id.Value, e.Transition.From, e.Transition.To, e.Transition.Trigger, e.Transition.Reason),
                ComplaintReceived e => $"{e.Complaint.Id} complaint received (from ticket {e.Complaint.TicketId})",
                ComplaintTransitioned e => Describe(e.Complaint.Id.Value, e.Transition.From, e.Transition.To, e.Transition.Trigger, e.Transition.Reason),
                CallbackRequested e => $"{e.Callback.Id} callback requested ({e.Callback.Purpose})",
                CallbackTransitioned e => Describe(e.Callback.Id.Value, e.Transition.From, e.Transition.To, e.Transition.Trigger, e.Transition.Reason),
                SlaMilestoneReached e => $"{e.EntityId} SLA {(e.IsBreach ? "breached" : $"warning {e.Fraction:P0}")}: {e.Metric} ({e.Priority})",
                TicketHoldDeadlinePassed e => $"{e.TicketId} dispatch to {e.Party} overdue",
                ComplaintResponseOverdue e => $"{e.ComplaintId} response overdue",
                _ => domainEvent.ToString(),
            };
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {Local(domainEvent.OccurredAt)}  {line}  [{domainEvent.Actor}]"));
            var clocks = domainEvent switch
            {
                TicketOpened e => e.Ticket.Sla,
                TicketTransitioned e => e.Ticket.Sla,
                ComplaintReceived e => e.Complaint.Sla,
                ComplaintTransitioned e => e.Complaint.Sla,
                _ => null,
            };
            if (clocks is not null)
            {
                output.WriteLine(DescribeSla(clocks, sla, domainEvent.OccurredAt));
            }

            return ValueTask.CompletedTask;
        }

        private static string Describe(string id, Enum from, Enum to, Enum trigger, string? reason) =>
            $"{id} {trigger}: {from} → {to}{(reason is null ? string.Empty : $" ({reason})")}";
    }

    /// <summary>The tour's clock: the story moves it forward.</summary>
    private sealed class TourClock(Instant start) : IClock
    {
        private Instant _now = start;

        public Instant GetCurrentInstant() => _now;

        public void Minutes(int minutes) => _now += Duration.FromMinutes(minutes);

        public void Set(Instant now) => _now = now;
    }
}
