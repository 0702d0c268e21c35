using System.Diagnostics.CodeAnalysis;
using NodaTime;

namespace CustomerService.Core.Callbacks;

/// <summary>
/// An action on a callback: the trigger it fires and the data it records. The set is closed: use the nested types,
/// for example <c>new CallbackCommand.Complete(CallbackOutcome.Satisfied)</c>.
/// </summary>
/// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
[SuppressMessage("Design", "CA1034:Nested types should not be visible", Justification = "The nested records are the closed vocabulary of callback commands; nesting keeps names unambiguous next to the ticket and complaint commands.")]
public abstract record CallbackCommand
{
    private protected CallbackCommand()
    {
    }

    /// <summary>Gets the lifecycle trigger this command fires.</summary>
    /// <value>The trigger.</value>
    public abstract CallbackTrigger Trigger { get; }

    internal virtual string? Reason => null;

    internal virtual void Validate(Callback callback, Instant now)
    {
    }

    internal abstract Callback Record(Callback callback, in RecordContext context);

    /// <summary>Schedules the callback for a window (the first attempt is due at the window's start, moved into the contact window).</summary>
    /// <param name="WindowStart">The start of the agreed window.</param>
    /// <param name="WindowEnd">The end of the agreed window; after <paramref name="WindowStart"/>.</param>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record Schedule(Instant WindowStart, Instant WindowEnd) : CallbackCommand
    {
        /// <summary>Gets the start of the agreed window.</summary>
        public Instant WindowStart { get; } = WindowStart;

        /// <summary>Gets the end of the agreed window; after <see cref="WindowStart"/>.</summary>
        public Instant WindowEnd { get; } = WindowEnd;

        /// <inheritdoc/>
        public override CallbackTrigger Trigger => CallbackTrigger.Schedule;

        internal override void Validate(Callback callback, Instant now) =>
            Guard.Command(WindowEnd > WindowStart, nameof(WindowEnd), "must be after WindowStart");

        internal override Callback Record(Callback callback, in RecordContext context) =>
            Scheduled(callback, WindowStart, WindowEnd, context);
    }

    /// <summary>The contact asked for another time: schedules the callback again (the attempt count starts again from 0).</summary>
    /// <param name="WindowStart">The start of the new window.</param>
    /// <param name="WindowEnd">The end of the new window; after <paramref name="WindowStart"/>.</param>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record Reschedule(Instant WindowStart, Instant WindowEnd) : CallbackCommand
    {
        /// <summary>Gets the start of the new window.</summary>
        public Instant WindowStart { get; } = WindowStart;

        /// <summary>Gets the end of the new window; after <see cref="WindowStart"/>.</summary>
        public Instant WindowEnd { get; } = WindowEnd;

        /// <inheritdoc/>
        public override CallbackTrigger Trigger => CallbackTrigger.Reschedule;

        internal override void Validate(Callback callback, Instant now) =>
            Guard.Command(WindowEnd > WindowStart, nameof(WindowEnd), "must be after WindowStart");

        internal override Callback Record(Callback callback, in RecordContext context) =>
            Scheduled(callback, WindowStart, WindowEnd, context);
    }

    /// <summary>The scheduled time has come (permitted once <see cref="Callback.DueAt"/> is reached).</summary>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record BecomeDue : CallbackCommand
    {
        /// <inheritdoc/>
        public override CallbackTrigger Trigger => CallbackTrigger.BecomeDue;

        internal override Callback Record(Callback callback, in RecordContext context) => callback;
    }

    /// <summary>Dials: starts the next attempt.</summary>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record StartAttempt : CallbackCommand
    {
        /// <inheritdoc/>
        public override CallbackTrigger Trigger => CallbackTrigger.StartAttempt;

        internal override string? Reason => null;

        internal override Callback Record(Callback callback, in RecordContext context) =>
            callback with { AttemptCount = callback.AttemptCount + 1, DueAt = null };
    }

    /// <summary>The contact answered.</summary>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record Reach : CallbackCommand
    {
        /// <inheritdoc/>
        public override CallbackTrigger Trigger => CallbackTrigger.Reach;

        internal override Callback Record(Callback callback, in RecordContext context) => callback;
    }

    /// <summary>Nobody answered: the next attempt is planned by the retry policy, or the callback is exhausted.</summary>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record NoAnswer : CallbackCommand
    {
        /// <inheritdoc/>
        public override CallbackTrigger Trigger => CallbackTrigger.NoAnswer;

        internal override Callback Record(Callback callback, in RecordContext context) => Retried(callback, context);
    }

    /// <summary>The line was busy: the next attempt is planned by the retry policy, or the callback is exhausted.</summary>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record Busy : CallbackCommand
    {
        /// <inheritdoc/>
        public override CallbackTrigger Trigger => CallbackTrigger.Busy;

        internal override Callback Record(Callback callback, in RecordContext context) => Retried(callback, context);
    }

    /// <summary>A voicemail answered: the next attempt is planned by the retry policy, or the callback is exhausted.</summary>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record Voicemail : CallbackCommand
    {
        /// <inheritdoc/>
        public override CallbackTrigger Trigger => CallbackTrigger.Voicemail;

        internal override Callback Record(Callback callback, in RecordContext context) => Retried(callback, context);
    }

    /// <summary>The number was wrong: the callback fails.</summary>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record WrongNumber : CallbackCommand
    {
        /// <inheritdoc/>
        public override CallbackTrigger Trigger => CallbackTrigger.WrongNumber;

        internal override Callback Record(Callback callback, in RecordContext context) => callback with { EndedAt = context.Now };
    }

    /// <summary>Completes the callback with an outcome.</summary>
    /// <param name="Outcome">The outcome.</param>
    /// <param name="ComplaintToOpen">
    /// The identifier for the complaint a <see cref="CallbackOutcome.Dissatisfied"/> outcome opens (required then, and
    /// only then); the callback service opens it once the callback is saved.
    /// </param>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record Complete(CallbackOutcome Outcome, ComplaintId? ComplaintToOpen = null) : CallbackCommand
    {
        /// <summary>Gets the outcome.</summary>
        public CallbackOutcome Outcome { get; } = Outcome;

        /// <summary>Gets /// The identifier for the complaint a <see cref="CallbackOutcome.Dissatisfied"/> outcome opens (required then, and /// only then); the callback service opens it once the callback is saved. ///</summary>
        public ComplaintId? ComplaintToOpen { get; } = ComplaintToOpen;

        /// <inheritdoc/>
        public override CallbackTrigger Trigger => CallbackTrigger.Complete;

        internal override string? Reason => Outcome.ToString();

        internal override void Validate(Callback callback, Instant now)
        {
            Guard.CommandDefined(Outcome, nameof(Outcome));
            Guard.Command(
                (Outcome == CallbackOutcome.Dissatisfied) == (ComplaintToOpen is { Value: not null }),
                nameof(ComplaintToOpen),
                "must be given for a dissatisfied outcome, and only then");
        }

        internal override Callback Record(Callback callback, in RecordContext context) =>
            callback with { Outcome = Outcome, OpenedComplaintId = ComplaintToOpen, EndedAt = context.Now };
    }

    /// <summary>The contact refused the call.</summary>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record Refuse : CallbackCommand
    {
        /// <inheritdoc/>
        public override CallbackTrigger Trigger => CallbackTrigger.Refuse;

        internal override Callback Record(Callback callback, in RecordContext context) => callback with { DueAt = null, EndedAt = context.Now };
    }

    /// <summary>The contact asked not to be called again.</summary>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record DoNotCall : CallbackCommand
    {
        /// <inheritdoc/>
        public override CallbackTrigger Trigger => CallbackTrigger.DoNotCall;

        internal override Callback Record(Callback callback, in RecordContext context) => callback with { DueAt = null, EndedAt = context.Now };
    }

    /// <summary>Sends the fallback message after every attempt failed.</summary>
    /// <param name="Channel">The fallback channel.</param>
    /// <threadsafety>Commands are immutable and may be shared freely between threads.</threadsafety>
    public sealed record SendFallback(CallbackFallbackChannel Channel) : CallbackCommand
    {
        /// <summary>Gets the fallback channel.</summary>
        public CallbackFallbackChannel Channel { get; } = Channel;

        /// <inheritdoc/>
        public override CallbackTrigger Trigger => CallbackTrigger.SendFallback;

        internal override string? Reason => Channel.ToString();

        internal override void Validate(Callback callback, Instant now) => Guard.CommandDefined(Channel, nameof(Channel));

        internal override Callback Record(Callback callback, in RecordContext context) =>
            callback with { FallbackChannel = Channel, EndedAt = context.Now };
    }

    private static Callback Scheduled(Callback callback, Instant windowStart, Instant windowEnd, in RecordContext context) => callback with
    {
        WindowStart = windowStart,
        WindowEnd = windowEnd,
        DueAt = context.Policy.ContactWindow(windowStart, context.Zone),
        AttemptCount = 0,
    };

    private static Callback Retried(Callback callback, in RecordContext context) => context.To == CallbackState.Scheduled
        ? callback with { DueAt = context.Policy.NextAttemptAt(context.Now, callback.AttemptCount, context.Zone) }
        : callback with { DueAt = null };

    /// <summary>What recording a command needs besides the callback.</summary>
    internal readonly record struct RecordContext(Instant Now, CallbackState To, CallbackRetryPolicy Policy, DateTimeZone Zone);
}
