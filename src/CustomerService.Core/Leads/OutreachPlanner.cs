using CustomerService.Core.Calendars;
using NodaTime;
using NodaTime.Text;

namespace CustomerService.Core.Leads;

/// <summary>The studio's follow-up playbook: validated settings and the offer catalogue, immutable.</summary>
/// <remarks>Build it once from <see cref="StudioPlaybookOptions"/> (bound from configuration) or take <see cref="Default"/>.</remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class StudioPlaybook
{
    private StudioPlaybook(StudioPlaybookOptions o, OfferCatalogue catalogue)
    {
        Name = o.Name;
        Channel = o.Channel;
        DepositThreshold = o.DepositThresholdPercent / 100m;
        DealMessageDelay = Duration.FromMinutes(o.DealMessageDelayMinutes);
        ApologyDelay = Duration.FromMinutes(o.ApologyDelayMinutes);
        AfternoonStart = StudioPlaybookOptionsValidator.ParseTime(o.AfternoonStart)!.Value;
        AfternoonEnd = StudioPlaybookOptionsValidator.ParseTime(o.AfternoonEnd)!.Value;
        SecondCallWindow = Duration.FromMinutes(o.SecondCallWindowMinutes);
        ReminderTime = StudioPlaybookOptionsValidator.ParseTime(o.ReminderTime)!.Value;
        ThanksDelay = Duration.FromMinutes(o.ThanksDelayMinutes);
        GreetingTime = StudioPlaybookOptionsValidator.ParseTime(o.GreetingTime)!.Value;
        SmallDiscountOffer = o.SmallDiscountOffer;
        TemplateKeys = new StudioTemplateOptions();
        CopyTemplates(o.Templates, TemplateKeys);
        Catalogue = catalogue;
    }

    /// <summary>Gets the studio playbook with every default and an empty catalogue.</summary>
    /// <value>The default playbook.</value>
    public static StudioPlaybook Default { get; } = Create(new StudioPlaybookOptions());

    /// <summary>Gets the playbook's name.</summary>
    /// <value>The name.</value>
    public string Name { get; }

    /// <summary>Gets the channel of every message.</summary>
    /// <value>The channel.</value>
    public OutreachChannel Channel { get; }

    /// <summary>Gets the deposit share from which a deposit gets the quality-and-service message.</summary>
    /// <value>A share between 0 and 1 (0.30 by default).</value>
    public decimal DepositThreshold { get; }

    /// <summary>Gets the delay of the deal messages after the customer leaves.</summary>
    /// <value>The delay.</value>
    public Duration DealMessageDelay { get; }

    /// <summary>Gets the delay of the apology after a no-deal customer leaves (at most 30 minutes).</summary>
    /// <value>The delay.</value>
    public Duration ApologyDelay { get; }

    /// <summary>Gets the start of the afternoon follow-up window.</summary>
    /// <value>The local time.</value>
    public LocalTime AfternoonStart { get; }

    /// <summary>Gets the end of the afternoon follow-up window.</summary>
    /// <value>The local time.</value>
    public LocalTime AfternoonEnd { get; }

    /// <summary>Gets the length of the second call's window, in open hours.</summary>
    /// <value>The length.</value>
    public Duration SecondCallWindow { get; }

    /// <summary>Gets the time of day of reminders, the day before an appointment.</summary>
    /// <value>The local time.</value>
    public LocalTime ReminderTime { get; }

    /// <summary>Gets the delay of the thanks after an appointment starts.</summary>
    /// <value>The delay.</value>
    public Duration ThanksDelay { get; }

    /// <summary>Gets the time of day of greetings.</summary>
    /// <value>The local time.</value>
    public LocalTime GreetingTime { get; }

    /// <summary>Gets the offer key of the small discount on the package discussed.</summary>
    /// <value>The key.</value>
    public string SmallDiscountOffer { get; }

    /// <summary>Gets a copy of the template keys (changing the copy has no effect on the playbook).</summary>
    /// <value>A new copy on each call.</value>
    public StudioTemplateOptions Templates
    {
        get
        {
            var copy = new StudioTemplateOptions();
            CopyTemplates(TemplateKeys, copy);
            return copy;
        }
    }

    internal StudioTemplateOptions TemplateKeys { get; }

    /// <summary>Gets the offer and template catalogue.</summary>
    /// <value>The catalogue.</value>
    public OfferCatalogue Catalogue { get; }

    /// <summary>Validates options and builds the playbook, with the options' catalogue entries.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The playbook.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when the options are invalid; the message lists every error with its key.</exception>
    public static StudioPlaybook Create(StudioPlaybookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = StudioPlaybookOptionsValidator.Collect(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid studio playbook options: " + string.Join("; ", errors), nameof(options));
        }

        var builder = OfferCatalogue.CreateBuilder();
        foreach (var e in options.Catalogue)
        {
            builder.Add(e.Key, e.Kind, StudioPlaybookOptionsValidator.ParseDate(e.From)!.Value, StudioPlaybookOptionsValidator.ParseDate(e.Until)!.Value, e.CallbackCustomersOnly);
        }

        return new StudioPlaybook(options, builder.Build());
    }

    /// <summary>Returns a copy of this playbook with another catalogue (for catalogues built in code, such as rotations).</summary>
    /// <param name="catalogue">The catalogue.</param>
    /// <returns>The new playbook.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="catalogue"/> is <see langword="null"/>.</exception>
    public StudioPlaybook WithCatalogue(OfferCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var options = new StudioPlaybookOptions
        {
            Name = Name, Channel = Channel, DepositThresholdPercent = (int)(DepositThreshold * 100),
            DealMessageDelayMinutes = (int)DealMessageDelay.TotalMinutes, ApologyDelayMinutes = (int)ApologyDelay.TotalMinutes,
            AfternoonStart = Format(AfternoonStart), AfternoonEnd = Format(AfternoonEnd), SecondCallWindowMinutes = (int)SecondCallWindow.TotalMinutes,
            ReminderTime = Format(ReminderTime), ThanksDelayMinutes = (int)ThanksDelay.TotalMinutes, GreetingTime = Format(GreetingTime),
            SmallDiscountOffer = SmallDiscountOffer,
        };
        CopyTemplates(TemplateKeys, options.Templates);
        return new StudioPlaybook(options, catalogue);
    }

    private static string Format(LocalTime time) => LocalTimePattern.CreateWithInvariantCulture("HH:mm").Format(time);

    private static void CopyTemplates(StudioTemplateOptions from, StudioTemplateOptions to)
    {
        foreach (var property in typeof(StudioTemplateOptions).GetProperties())
        {
            property.SetValue(to, property.GetValue(from));
        }
    }
}

/// <summary>Plans the studio's follow-up for each event: messages inside sending hours, follow-up call requests, and the reclassification to D when the playbook ends without a deal.</summary>
/// <remarks>
/// <para>Pure: a plan depends only on the event, the playbook and the calendar (no clock, no I/O). The calendar's open
/// hours are the sending hours: a message whose requested time falls in quiet hours is sent at the calendar's
/// <see cref="BusinessCalendar.NextOpening"/>; a call's due window starts at the next opening too. Local times (the
/// afternoon window, reminder and greeting times) become instants in the calendar's zone with NodaTime's lenient
/// resolver (a skipped time moves forward by the gap, an ambiguous one takes the earlier instant).</para>
/// <para>Call requests are plain data (<see cref="CallbackRequest"/>): the host, or the callback service, creates the
/// callbacks from them and reports each call's end as a <see cref="FollowUpCallOutcome"/>.</para>
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class OutreachPlanner
{
    private const string NoDealAfterCallsReason = "no deal after both follow-up calls";

    private readonly DateTimeZone _zone;

    /// <summary>Initializes a new instance of the <see cref="OutreachPlanner"/> class.</summary>
    /// <param name="playbook">The playbook.</param>
    /// <param name="sendingHours">The calendar whose open hours are the hours messages may be sent and calls made.</param>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    public OutreachPlanner(StudioPlaybook playbook, BusinessCalendar sendingHours)
    {
        ArgumentNullException.ThrowIfNull(playbook);
        ArgumentNullException.ThrowIfNull(sendingHours);
        Playbook = playbook;
        SendingHours = sendingHours;
        _zone = sendingHours.Zone;
    }

    /// <summary>Gets the playbook.</summary>
    /// <value>The playbook.</value>
    public StudioPlaybook Playbook { get; }

    /// <summary>Gets the sending-hours calendar.</summary>
    /// <value>The calendar.</value>
    public BusinessCalendar SendingHours { get; }

    /// <summary>Plans the follow-up of one event.</summary>
    /// <param name="leadEvent">The event.</param>
    /// <returns>The plan, possibly empty (for example a customer who came back after a call).</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="leadEvent"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when the event is inconsistent (an appointment before its booking, a next call before the call ended, an unknown event type).</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when a callback attempt is not 1 or 2, or an enum value is undefined.</exception>
    /// <exception cref="CalendarConfigurationException">Thrown when the calendar has no open time within its search horizon.</exception>
    public OutreachPlan Plan(LeadEvent leadEvent)
    {
        ArgumentNullException.ThrowIfNull(leadEvent);
        var steps = new List<OutreachStep>(3);
        switch (leadEvent)
        {
            case VisitOutcome visit: PlanVisit(visit, steps); break;
            case FollowUpCallOutcome call: PlanCallbackOutcome(call, steps); break;
            case AppointmentBooked booking: PlanAppointment(booking, steps); break;
            case WeddingDateSet wedding: PlanWedding(wedding, steps); break;
            case BirthdayKnown birthday: PlanBirthday(birthday, steps); break;
            case FestivalComing festival: PlanFestival(festival, steps); break;
            default: throw new ArgumentException($"The studio playbook has no branch for {leadEvent.GetType().Name}.", nameof(leadEvent));
        }

        return new OutreachPlan(leadEvent, steps);
    }

    private void PlanVisit(VisitOutcome visit, List<OutreachStep> steps)
    {
        var t = Playbook.TemplateKeys;
        switch (visit.Result)
        {
            case VisitResult.FullPayment:
                Message(steps, OutreachPurpose.ThankYou, t.FullPayment, visit.At + Playbook.DealMessageDelay);
                break;
            case VisitResult.Deposit when visit.DepositShare >= Playbook.DepositThreshold:
                Message(steps, OutreachPurpose.QualityAndService, t.DepositAtLeastThreshold, visit.At + Playbook.DealMessageDelay);
                break;
            case VisitResult.Deposit:
                Message(steps, OutreachPurpose.ThanksQualityAndService, t.DepositBelowThreshold, visit.At + Playbook.DealMessageDelay);
                break;
            case VisitResult.NoDeal:
                Message(steps, OutreachPurpose.Apology, t.NoDealApology, visit.At + Playbook.ApologyDelay);
                if (visit.IntentToReturn)
                {
                    var offer = visit.PackageDiscussed is { Length: > 0 } package ? $"{Playbook.SmallDiscountOffer}:{package}" : Playbook.SmallDiscountOffer;
                    Callback(steps, OutreachPurpose.WinBackCall, 1, SameAfternoon(visit.At), [offer], t.WinBackScript);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(visit), $"Visit result {(int)visit.Result} is not defined.");
        }
    }

    private void PlanCallbackOutcome(FollowUpCallOutcome call, List<OutreachStep> steps)
    {
        if (call.Attempt is not (1 or 2))
        {
            throw new ArgumentOutOfRangeException(nameof(call), $"The studio playbook makes two follow-up calls; attempt {call.Attempt} is not one of them.");
        }

        if (!Enum.IsDefined(call.Result))
        {
            throw new ArgumentOutOfRangeException(nameof(call), $"Callback result {(int)call.Result} is not defined.");
        }

        if (call.Result == FollowUpCallResult.Returned)
        {
            return;
        }

        if (call.Attempt == 2)
        {
            steps.Add(new OutreachStep(call.At, OutreachStepKind.Reclassification, null, null, new Reclassification(StudioSegments.D, NoDealAfterCallsReason, call.At)));
            return;
        }

        if (call.NextCallAt is { } booked && booked <= call.At)
        {
            throw new ArgumentException("The second call must be booked after the first call ends.", nameof(call));
        }

        var desired = call.NextCallAt ?? At(call.At.InZone(_zone).Date.PlusDays(1), Playbook.AfternoonStart);
        var start = SendingHours.NextOpening(desired);
        var due = new Interval(start, SendingHours.Add(start, Playbook.SecondCallWindow));
        var reached = call.Result == FollowUpCallResult.NotReturned;
        var offers = Playbook.Catalogue.EffectiveOn(CatalogueKinds.SurprisePackage, start.InZone(_zone).Date, reached);
        Callback(steps, OutreachPurpose.SurprisePackageCall, 2, due, offers, Playbook.TemplateKeys.SurprisePackageScript);
    }

    private void PlanAppointment(AppointmentBooked booking, List<OutreachStep> steps)
    {
        if (!Enum.IsDefined(booking.Kind))
        {
            throw new ArgumentOutOfRangeException(nameof(booking), $"Appointment kind {(int)booking.Kind} is not defined.");
        }

        if (booking.AppointmentAt < booking.At)
        {
            throw new ArgumentException("An appointment cannot start before it was booked.", nameof(booking));
        }

        var kind = KindKey(booking.Kind);
        var dayBefore = booking.AppointmentAt.InZone(_zone).Date.PlusDays(-1);
        var reminderAt = At(dayBefore, Playbook.ReminderTime);
        if (reminderAt < booking.At)
        {
            reminderAt = booking.At;
        }

        if (SendingHours.NextOpening(reminderAt) < booking.AppointmentAt)
        {
            Message(steps, OutreachPurpose.Reminder, $"{Playbook.TemplateKeys.ReminderPrefix}.{kind}", reminderAt);
        }

        Message(steps, OutreachPurpose.ThanksAfterAppointment, $"{Playbook.TemplateKeys.ThanksPrefix}.{kind}", booking.AppointmentAt + Playbook.ThanksDelay);
        if (booking.Kind is AppointmentKind.Pickup or AppointmentKind.DressPickup)
        {
            var nextDay = booking.AppointmentAt.InZone(_zone).Date.PlusDays(1);
            Callback(steps, OutreachPurpose.AfterPickupCall, 1, Afternoon(nextDay, At(nextDay, Playbook.AfternoonStart)), [], Playbook.TemplateKeys.AfterPickupScript);
        }
    }

    private void PlanWedding(WeddingDateSet wedding, List<OutreachStep> steps)
    {
        var congratulations = At(wedding.WeddingDate, Playbook.GreetingTime);
        if (congratulations >= wedding.At)
        {
            Message(steps, OutreachPurpose.WeddingCongratulations, Playbook.TemplateKeys.WeddingCongratulations, congratulations);
        }

        var years = 1;
        var anniversary = wedding.WeddingDate.PlusYears(years);
        while (At(anniversary, Playbook.GreetingTime) < wedding.At)
        {
            anniversary = wedding.WeddingDate.PlusYears(++years);
        }

        var template = Template(CatalogueKinds.AnniversaryGreeting, anniversary, Playbook.TemplateKeys.Anniversary);
        Message(steps, OutreachPurpose.AnniversaryGreeting, template, At(anniversary, Playbook.GreetingTime));
    }

    private void PlanBirthday(BirthdayKnown birthday, List<OutreachStep> steps)
    {
        var today = birthday.At.InZone(_zone).Date;
        var next = birthday.Birthday.PlusYears(Math.Max(0, today.Year - birthday.Birthday.Year));
        if (At(next, Playbook.GreetingTime) < birthday.At)
        {
            next = birthday.Birthday.PlusYears(next.Year - birthday.Birthday.Year + 1);
        }

        var template = Template(CatalogueKinds.BirthdayGreeting, next, Playbook.TemplateKeys.Birthday);
        Message(steps, OutreachPurpose.BirthdayGreeting, template, At(next, Playbook.GreetingTime));
    }

    private void PlanFestival(FestivalComing festival, List<OutreachStep> steps)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(festival.Festival, nameof(festival));
        var sendAt = At(festival.Date, Playbook.GreetingTime);
        if (sendAt < festival.At)
        {
            return;
        }

        var template = Template(CatalogueKinds.FestivalGreeting, festival.Date, $"{Playbook.TemplateKeys.Festival}.{festival.Festival}");
        Message(steps, OutreachPurpose.FestivalGreeting, template, sendAt);
    }

    private Interval SameAfternoon(Instant leftAt) => Afternoon(leftAt.InZone(_zone).Date, leftAt);

    private Interval Afternoon(LocalDate date, Instant earliest)
    {
        var afternoonStart = At(date, Playbook.AfternoonStart);
        var afternoonEnd = At(date, Playbook.AfternoonEnd);
        var desired = earliest > afternoonStart ? earliest : afternoonStart;
        var start = SendingHours.NextOpening(desired);
        if (desired < afternoonEnd && start < afternoonEnd)
        {
            return new Interval(start, afternoonEnd);
        }

        // After the afternoon (or the afternoon is closed): from the next opening, for as long as an afternoon.
        return new Interval(start, SendingHours.Add(start, afternoonEnd - afternoonStart));
    }

    private string Template(string kind, LocalDate date, string fallback)
    {
        var keys = Playbook.Catalogue.EffectiveOn(kind, date, reachedByCallback: true);
        return keys.Count > 0 ? keys[0] : fallback;
    }

    private Instant At(LocalDate date, LocalTime time) => _zone.AtLeniently(date.At(time)).ToInstant();

    private void Message(List<OutreachStep> steps, OutreachPurpose purpose, string template, Instant requested)
    {
        var sendAt = SendingHours.NextOpening(requested);
        steps.Add(new OutreachStep(sendAt, OutreachStepKind.Message, new PlannedMessage(purpose, template, Playbook.Channel, sendAt, requested), null, null));
    }

    private static void Callback(List<OutreachStep> steps, OutreachPurpose purpose, int attempt, Interval due, IReadOnlyList<string> offers, string script) =>
        steps.Add(new OutreachStep(due.Start, OutreachStepKind.Callback, null, new CallbackRequest(purpose, attempt, due, offers, script), null));

    private static string KindKey(AppointmentKind kind) => kind switch
    {
        AppointmentKind.Shooting => "shooting",
        AppointmentKind.Selection => "selection",
        AppointmentKind.Pickup => "pickup",
        _ => "dress-pickup",
    };
}
