using CustomerService.Core.Calendars;
using NodaTime;

namespace CustomerService.Core.Leads.Studio;

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
