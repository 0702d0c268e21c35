using CustomerService.Core.Storage;
using NodaTime;

namespace CustomerService.Core.Hosting;

/// <summary>
/// The hosted runner's in-process index of due instants, fed by the services' saves (<see cref="IDueWorkSignal"/>) and
/// the runner's own polls: one sorted set of instants per source, and a wake-up when an instant earlier than the armed
/// one arrives.
/// </summary>
/// <remarks>Each set keeps at most <see cref="Capacity"/> instants (the earliest); later ones are found by the safety poll.</remarks>
internal sealed class DueWorkSignal : IDueWorkSignal
{
    public const int Capacity = 1_000_000;

    /// <summary>The library's own sources, in order: entity kinds first, so that the events they write are delivered in the same run.</summary>
    public static readonly string[] CoreSources = ["Ticket", "Complaint", "Callback", OutboxSource];

    public const string OutboxSource = "Outbox";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, SortedSet<Instant>> _pending = new(StringComparer.Ordinal);
    private Instant _armedAt = Instant.MinValue;
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string[] _sources = CoreSources;

    public DueWorkSignal()
    {
        foreach (var source in CoreSources)
        {
            _pending[source] = [];
        }
    }

    /// <summary>Gets the sources the runner processes, in order: the library's entity kinds, the packages' (<see cref="AddSource"/>), then the outbox.</summary>
    public IReadOnlyList<string> Sources => Volatile.Read(ref _sources);

    /// <summary>Adds a package's entity kind (an <see cref="IDueWorkProcessor"/>'s) before the outbox; from then on its instants are kept. Adding a known source does nothing.</summary>
    public void AddSource(string source)
    {
        lock (_gate)
        {
            if (_pending.ContainsKey(source))
            {
                return;
            }

            _pending[source] = [];
            Volatile.Write(ref _sources, [.. _sources[..^1], source, OutboxSource]);
        }
    }

    public void EntityDue(string entityKind, Instant nextDueAt) => Add(entityKind, nextDueAt);

    public void OutboxDue(Instant deliverableAt) => Add(OutboxSource, deliverableAt);

    /// <summary>Adds a due instant of a source (a poll's peek, a retry).</summary>
    public void Add(string source, Instant at)
    {
        lock (_gate)
        {
            if (!_pending.TryGetValue(source, out var set))
            {
                return;
            }

            if (set.Count >= Capacity)
            {
                if (at >= set.Max)
                {
                    return;
                }

                set.Remove(set.Max);
            }

            set.Add(at);
            if (at < _armedAt)
            {
                _wake.TrySetResult();
            }
        }
    }

    /// <summary>Takes the instants of a source that have come: whether it has work due at <paramref name="now"/>.</summary>
    public bool TakeDue(string source, Instant now)
    {
        lock (_gate)
        {
            var set = _pending[source];
            var due = false;
            while (set.Count > 0 && set.Min <= now)
            {
                set.Remove(set.Min);
                due = true;
            }

            return due;
        }
    }

    /// <summary>Gets the earliest known due instant of any source.</summary>
    public Instant? Earliest()
    {
        lock (_gate)
        {
            Instant? earliest = null;
            foreach (var set in _pending.Values)
            {
                if (set.Count > 0 && (earliest is null || set.Min < earliest))
                {
                    earliest = set.Min;
                }
            }

            return earliest;
        }
    }

    /// <summary>Gets how many instants are known for a source.</summary>
    public int Count(string source)
    {
        lock (_gate)
        {
            return _pending[source].Count;
        }
    }

    /// <summary>Arms the wake-up at <paramref name="at"/>: the returned task completes when an earlier instant arrives.</summary>
    public Task Arm(Instant at)
    {
        lock (_gate)
        {
            _armedAt = at;
            _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            foreach (var set in _pending.Values)
            {
                if (set.Count > 0 && set.Min < at)
                {
                    _wake.TrySetResult();
                    break;
                }
            }

            return _wake.Task;
        }
    }

    /// <summary>Disarms the wake-up while a run is in progress (saves during the run do not wake anyone).</summary>
    public void Disarm()
    {
        lock (_gate)
        {
            _armedAt = Instant.MinValue;
        }
    }
}
