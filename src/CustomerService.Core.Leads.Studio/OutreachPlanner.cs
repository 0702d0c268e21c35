using CustomerService.Core.Calendars;
using NodaTime;

namespace CustomerService.Core.Leads.Studio;

/// <summary>Plans the studio's follow-up for each event: messages inside sending hours, follow-up call requests, and the reclassification to D when the playbook ends without a deal.</summary>
/// <remarks>
/// <para>Pure: a plan depends only on the event, the playbook and the calendar (no clock, no I/O). The calendar's open
/// hours are the sending hours: a message whose requested time falls in quiet hours is sent at the calendar's
/// <see cref="BusinessCalendar.NextOpening"/>; a call's due window starts at the next opening too. Local times (the
/// afternoon window, reminder and greeting times) become instants in the calendar's zone with NodaTime's lenient
/// resolver (a skipped time moves forward by the gap, an ambiguous one takes the earlier instant). Dates of other
/// calendar systems are converted to ISO first.</para>
/// <para>Range: the event's instants and every instant its plan needs (a message's requested and send times, a call's
/// window) must lie within the calendar's supported range, <see cref="BusinessCalendar.MinSupportedInstant"/> to
/// <see cref="BusinessCalendar.MaxSupportedInstant"/>; otherwise <see cref="Plan"/> throws
/// <see cref="ArgumentOutOfRangeException"/> naming <c>leadEvent</c>. Dates far in the past are not an error when the
/// plan does not need them: a festival long gone plans nothing, a wedding in year 1 still gets its next anniversary.</para>
/// <para>Call requests are plain data (<see cref="CallbackRequest"/>): the host, or the callback service, creates the
/// callbacks from them and reports each call's end as a <see cref="FollowUpCallOutcome"/>.</para>
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class OutreachPlanner
{
    private const string NoDealAfterCallsReason = "no deal after both follow-up calls";

    // The parameter of Plan that every error about the event names, also when a helper deep in the plan finds it
    // (a field, not a constant: the analyzer that checks parameter names only sees the helper's own parameters).
    private static readonly string LeadEventParameter = "leadEvent";

    // Local dates more than three days outside the supported range cannot give an instant inside it (zone offsets
    // are under a day), so they are rejected, or known to be in the past, before NodaTime's arithmetic nears its own limits.
    private static readonly LocalDate FirstDate = BusinessCalendar.MinSupportedInstant.InUtc().Date.PlusDays(-3);
    private static readonly LocalDate LastDate = BusinessCalendar.MaxSupportedInstant.InUtc().Date.PlusDays(3);

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
    /// <exception cref="ArgumentException">Thrown when the event is inconsistent (an appointment before its booking, a next call not after the call ended, an empty festival key, an unknown event type).</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when a callback attempt is not 1 or 2, a deposit share is not between 0 and 1, an enum value is undefined, or an instant of the event or of its plan lies outside the calendar's supported range (<see cref="BusinessCalendar.MinSupportedInstant"/> to <see cref="BusinessCalendar.MaxSupportedInstant"/>).</exception>
    /// <exception cref="CalendarConfigurationException">Thrown when the calendar has no open time within its search horizon.</exception>
    public OutreachPlan Plan(LeadEvent leadEvent)
    {
        ArgumentNullException.ThrowIfNull(leadEvent);
        Check(leadEvent.At, "the event's instant");
        var steps = new List<OutreachStep>(3);
        switch (leadEvent)
        {
            case VisitOutcome visit: PlanVisit(visit, steps); break;
            case FollowUpCallOutcome call: PlanCallbackOutcome(call, steps); break;
            case AppointmentBooked booking: PlanAppointment(booking, steps); break;
            case WeddingDateSet wedding: PlanWedding(wedding, steps); break;
            case BirthdayKnown birthday: PlanBirthday(birthday, steps); break;
            case FestivalComing festival: PlanFestival(festival, steps); break;
            case WeeklyCareDue care: PlanWeeklyCare(care, steps); break;
            case CompanyAnniversaryComing anniversary: PlanCompanyAnniversary(anniversary, steps); break;
            case SurprisePackageApproved approved: PlanManagerException(approved, steps); break;
            default: throw new ArgumentException($"The studio playbook has no branch for {leadEvent.GetType().Name}.", nameof(leadEvent));
        }

        return new OutreachPlan(leadEvent, steps);
    }

    private void PlanVisit(VisitOutcome visit, List<OutreachStep> steps)
    {
        // visit.At is within the supported range and the playbook's delays are at most a day: the sums cannot overflow.
        var t = Playbook.TemplateKeys;
        switch (visit.Result)
        {
            case VisitResult.FullPayment:
                Message(steps, OutreachPurpose.ThankYou, t.FullPayment, visit.At + Playbook.DealMessageDelay);
                break;
            case VisitResult.Deposit when visit.DepositShare is <= 0 or >= 1:
                throw new ArgumentOutOfRangeException(LeadEventParameter, "A deposit's share must be greater than 0 and less than 1 (a full payment is FullPayment).");
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
                    // Leaving after the afternoon window (the evening): the "same afternoon" call is made the next
                    // day's afternoon, so the second call, planned the day after the first, never falls on the same day.
                    var left = visit.At.InZone(_zone).Date;
                    var callDate = visit.At >= At(left, Playbook.AfternoonEnd, "an afternoon call") ? left.PlusDays(1) : left;
                    Callback(steps, OutreachPurpose.WinBackCall, 1, Afternoon(callDate, visit.At), [offer], t.WinBackScript);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(LeadEventParameter, $"Visit result {(int)visit.Result} is not defined.");
        }
    }

    private void PlanCallbackOutcome(FollowUpCallOutcome call, List<OutreachStep> steps)
    {
        if (call.Attempt is not (1 or 2))
        {
            throw new ArgumentOutOfRangeException(LeadEventParameter, $"The studio playbook makes two follow-up calls; attempt {call.Attempt} is not one of them.");
        }

        if (!Enum.IsDefined(call.Result))
        {
            throw new ArgumentOutOfRangeException(LeadEventParameter, $"Callback result {(int)call.Result} is not defined.");
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

        if (call.NextCallAt is { } booked)
        {
            if (booked <= call.At)
            {
                throw new ArgumentException("The second call must be booked after the first call ends.", LeadEventParameter);
            }

            Check(booked, "the second call's booked time");
        }

        var desired = call.NextCallAt ?? At(call.At.InZone(_zone).Date.PlusDays(1), Playbook.AfternoonStart, "the second call");
        var start = NextOpening(desired, "the second call");
        var due = new Interval(start, AddOpenTime(start, Playbook.SecondCallWindow, "the second call"));
        var reached = call.Result == FollowUpCallResult.NotReturned;
        var offers = Playbook.Catalogue.EffectiveOn(CatalogueKinds.SurprisePackage, start.InZone(_zone).Date, reached);
        Callback(steps, OutreachPurpose.SurprisePackageCall, 2, due, offers, Playbook.TemplateKeys.SurprisePackageScript);
    }

    private void PlanAppointment(AppointmentBooked booking, List<OutreachStep> steps)
    {
        if (!Enum.IsDefined(booking.Kind))
        {
            throw new ArgumentOutOfRangeException(LeadEventParameter, $"Appointment kind {(int)booking.Kind} is not defined.");
        }

        if (booking.AppointmentAt < booking.At)
        {
            throw new ArgumentException("An appointment cannot start before it was booked.", LeadEventParameter);
        }

        Check(booking.AppointmentAt, "the appointment's start");
        var kind = KindKey(booking.Kind);
        var appointmentDate = booking.AppointmentAt.InZone(_zone).Date;
        var reminderAt = At(appointmentDate.PlusDays(-1), Playbook.ReminderTime, "the reminder");
        if (reminderAt < booking.At)
        {
            reminderAt = booking.At;
        }

        // A reminder that could only go out at or after the appointment is skipped, also when its next opening lies past the range.
        if (TryNextOpening(reminderAt, out var reminderSendAt) && reminderSendAt < booking.AppointmentAt)
        {
            Message(steps, OutreachPurpose.Reminder, Playbook.TemplateKeys.ReminderPrefix, reminderAt, kind);
        }

        Message(steps, OutreachPurpose.ThanksAfterAppointment, Playbook.TemplateKeys.ThanksPrefix, booking.AppointmentAt + Playbook.ThanksDelay, kind);
        if (booking.Kind is AppointmentKind.Pickup or AppointmentKind.DressPickup)
        {
            var nextDay = appointmentDate.PlusDays(1);
            Callback(steps, OutreachPurpose.AfterPickupCall, 1, Afternoon(nextDay, At(nextDay, Playbook.AfternoonStart, "the call after the pickup")), [], Playbook.TemplateKeys.AfterPickupScript);
        }
    }

    private void PlanWedding(WeddingDateSet wedding, List<OutreachStep> steps)
    {
        var today = wedding.At.InZone(_zone).Date;
        var weddingDate = Iso(wedding.WeddingDate);
        if (weddingDate >= today.PlusDays(-1))
        {
            var congratulations = At(weddingDate, Playbook.GreetingTime, "the wedding-day congratulations");
            if (congratulations >= wedding.At)
            {
                Message(steps, OutreachPurpose.WeddingCongratulations, Playbook.TemplateKeys.WeddingCongratulations, congratulations);
            }
        }

        var anniversary = NextOccurrence(weddingDate, Math.Max(1, today.Year - weddingDate.Year - 1), wedding.At, "the anniversary greeting");
        var template = Template(CatalogueKinds.AnniversaryGreeting, anniversary, Playbook.TemplateKeys.Anniversary);
        Message(steps, OutreachPurpose.AnniversaryGreeting, template, At(anniversary, Playbook.GreetingTime, "the anniversary greeting"));
    }

    private void PlanBirthday(BirthdayKnown birthday, List<OutreachStep> steps)
    {
        var today = birthday.At.InZone(_zone).Date;
        var born = Iso(birthday.Birthday);
        var next = NextOccurrence(born, Math.Max(0, today.Year - born.Year - 1), birthday.At, "the birthday greeting");
        var template = Template(CatalogueKinds.BirthdayGreeting, next, Playbook.TemplateKeys.Birthday);
        Message(steps, OutreachPurpose.BirthdayGreeting, template, At(next, Playbook.GreetingTime, "the birthday greeting"));
    }

    private void PlanFestival(FestivalComing festival, List<OutreachStep> steps)
    {
        if (string.IsNullOrWhiteSpace(festival.Festival))
        {
            throw new ArgumentException("A festival greeting needs the festival's key.", LeadEventParameter);
        }

        var date = Iso(festival.Date);
        if (date < festival.At.InZone(_zone).Date.PlusDays(-1))
        {
            return;
        }

        var sendAt = At(date, Playbook.GreetingTime, "the festival greeting");
        if (sendAt < festival.At)
        {
            return;
        }

        var template = Template(CatalogueKinds.FestivalGreeting, date, $"{Playbook.TemplateKeys.Festival}.{festival.Festival}");
        Message(steps, OutreachPurpose.FestivalGreeting, template, sendAt);
    }

    private void PlanWeeklyCare(WeeklyCareDue care, List<OutreachStep> steps)
    {
        var today = care.At.InZone(_zone).Date;
        if (care.LastMessageAt is { } last)
        {
            Check(last, "the last message's instant");
            if (last <= care.At && Monday(last.InZone(_zone).Date) == Monday(today))
            {
                return;
            }
        }

        var greeting = At(today, Playbook.GreetingTime, "the weekly care message");
        Message(steps, OutreachPurpose.WeeklyCare, Playbook.TemplateKeys.WeeklyCare, greeting > care.At ? greeting : care.At);
    }

    private void PlanCompanyAnniversary(CompanyAnniversaryComing anniversary, List<OutreachStep> steps)
    {
        var today = anniversary.At.InZone(_zone).Date;
        var founded = Iso(anniversary.Founded);
        var next = NextOccurrence(founded, Math.Max(1, today.Year - founded.Year - 1), anniversary.At, "the company-anniversary greeting");
        Message(steps, OutreachPurpose.CompanyAnniversaryGreeting, Playbook.TemplateKeys.CompanyAnniversary, At(next, Playbook.GreetingTime, "the company-anniversary greeting"));
    }

    private void PlanManagerException(SurprisePackageApproved approved, List<OutreachStep> steps)
    {
        var start = NextOpening(approved.At, "the manager's exception call");
        var due = new Interval(start, AddOpenTime(start, Playbook.SecondCallWindow, "the manager's exception call"));
        var offers = Playbook.Catalogue.EffectiveOn(CatalogueKinds.SurprisePackage, start.InZone(_zone).Date, reachedByCallback: true);
        Callback(steps, OutreachPurpose.ManagerExceptionCall, 1, due, offers, Playbook.TemplateKeys.SurprisePackageScript);
    }

    private static LocalDate Monday(LocalDate date) => date.DayOfWeek == IsoDayOfWeek.Monday ? date : date.Previous(IsoDayOfWeek.Monday);

    /// <summary>The first yearly occurrence <c>date + n years</c>, <c>n ≥ fromYears</c>, whose greeting time is not before <paramref name="notBefore"/>.</summary>
    private LocalDate NextOccurrence(LocalDate date, int fromYears, Instant notBefore, string what)
    {
        // fromYears is chosen a year before today, so this loop runs at most three times.
        for (var years = fromYears; ; years++)
        {
            if ((long)date.Year + years > LastDate.Year)
            {
                throw OutOfRange(what);
            }

            var occurrence = date.PlusYears(years);
            if (occurrence >= FirstDate && At(occurrence, Playbook.GreetingTime, what) >= notBefore)
            {
                return occurrence;
            }
        }
    }

    private Interval Afternoon(LocalDate date, Instant earliest)
    {
        const string what = "an afternoon call";
        var afternoonStart = At(date, Playbook.AfternoonStart, what);
        var afternoonEnd = At(date, Playbook.AfternoonEnd, what);
        var desired = earliest > afternoonStart ? earliest : afternoonStart;
        var start = NextOpening(desired, what);
        if (desired < afternoonEnd && start < afternoonEnd)
        {
            Check(afternoonEnd, what);
            return new Interval(start, afternoonEnd);
        }

        // After the afternoon (or the afternoon is closed): from the next opening, for as long as an afternoon.
        return new Interval(start, AddOpenTime(start, afternoonEnd - afternoonStart, what));
    }

    private string Template(string kind, LocalDate date, string fallback)
    {
        var keys = Playbook.Catalogue.EffectiveOn(kind, date, reachedByCallback: true);
        return keys.Count > 0 ? keys[0] : fallback;
    }

    private static LocalDate Iso(LocalDate date) => date.Calendar == CalendarSystem.Iso ? date : date.WithCalendar(CalendarSystem.Iso);

    private Instant At(LocalDate date, LocalTime time, string what)
    {
        date = Iso(date);
        if (date < FirstDate || date > LastDate)
        {
            throw OutOfRange(what);
        }

        return _zone.AtLeniently(date.At(time)).ToInstant();
    }

    private static void Check(Instant instant, string what)
    {
        if (instant < BusinessCalendar.MinSupportedInstant || instant > BusinessCalendar.MaxSupportedInstant)
        {
            throw OutOfRange(what);
        }
    }

    private Instant NextOpening(Instant instant, string what) =>
        TryNextOpening(instant, out var opening) ? opening : throw OutOfRange(what);

    private bool TryNextOpening(Instant instant, out Instant opening)
    {
        opening = default;
        if (instant < BusinessCalendar.MinSupportedInstant || instant > BusinessCalendar.MaxSupportedInstant)
        {
            return false;
        }

        try
        {
            opening = SendingHours.NextOpening(instant);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            // The next opening lies past the calendar's supported range.
            return false;
        }
    }

    private Instant AddOpenTime(Instant start, Duration openTime, string what)
    {
        try
        {
            return SendingHours.Add(start, openTime);
        }
        catch (ArgumentOutOfRangeException)
        {
            // The start is in range and the amount positive: only the result can lie past the range.
            throw OutOfRange(what);
        }
    }

    // Messages name what the plan needed, never the instant or date: a birthday greeting's time would reveal the birthday.
    private static ArgumentOutOfRangeException OutOfRange(string what) =>
        new(LeadEventParameter, $"The plan needs {what} outside the sending-hours calendar's supported range ({BusinessCalendar.MinSupportedInstant} to {BusinessCalendar.MaxSupportedInstant}).");

    private void Message(List<OutreachStep> steps, OutreachPurpose purpose, string template, Instant requested, string? suffix = null)
    {
        var sendAt = NextOpening(requested, "a message");

        // Every message's template rotates (every three months): the purpose's catalogue entry effective on the date the
        // message goes out wins over the playbook's key; a suffix (the appointment's kind) is appended to either.
        var rotated = Playbook.Catalogue.EffectiveOn(CatalogueKinds.MessageTemplate(purpose), sendAt.InZone(_zone).Date, reachedByCallback: true);
        template = rotated.Count > 0 ? rotated[0] : template;
        template = suffix is null ? template : $"{template}.{suffix}";
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
