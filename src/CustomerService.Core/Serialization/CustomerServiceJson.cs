using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using CustomerService.Core.Callbacks;
using CustomerService.Core.Complaints;
using CustomerService.Core.Sla;
using CustomerService.Core.Tickets;

namespace CustomerService.Core.Serialization;

/// <summary>
/// The library's System.Text.Json setup for everything a store keeps: ticket, complaint and callback snapshots, their
/// history entries and the domain events of the outbox. Payloads carry a schema version, NodaTime values are exact
/// ISO-8601 strings, enumerations are names, and a round trip gives back an equal value.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Serialize{T}(T)"/> writes <c>{"schemaVersion":1,"data":{…}}</c>. Every field of the data is written and
/// every field is required when reading, so a missing field, an unknown enumeration name, a number where a name is
/// expected or a payload from a newer schema fails with <see cref="SnapshotFormatException"/> instead of reading as a
/// plausible business value. Events are polymorphic: their data carries a <c>$type</c> discriminator (the event type's
/// name). Only the types listed in the docs (<c>docs/storage.md</c>) are supported.
/// </para>
/// <para>
/// <see cref="Options"/> is the configured, read-only <see cref="JsonSerializerOptions"/> for hosts that embed these
/// values in their own documents (it has no envelope). A package that stores types of its own (the studio desk's customer
/// profiles, for example) writes them with the same envelope and rules through <see cref="CreateOptions(IJsonTypeInfoResolver)"/> and the
/// overloads that take a <see cref="JsonTypeInfo{T}"/>.
/// </para>
/// </remarks>
/// <threadsafety>This type is thread-safe: its options are read-only, and the buffer and writer <see cref="Serialize{T}(T)"/> reuses belong to the calling thread.</threadsafety>
public static class CustomerServiceJson
{
    /// <summary>The schema version this library writes and the newest it reads: 1.</summary>
    public const int SchemaVersion = 1;

    private static readonly JsonEncodedText SchemaVersionName = JsonEncodedText.Encode("schemaVersion");
    private static readonly JsonEncodedText DataName = JsonEncodedText.Encode("data");

    [ThreadStatic]
    private static CachedWriter? CachedPerThread;

    /// <summary>The library's own metadata under the strict rules.</summary>
    private static readonly IJsonTypeInfoResolver CoreResolver = CustomerServiceJsonContext.Default.WithAddedModifier(info =>
    {
        if (info.Type.Assembly == typeof(CustomerServiceJson).Assembly)
        {
            Strict(info);
        }
    });

    /// <summary>Gets the configured serializer options (source-generated metadata, NodaTime converters, enumerations as names, every field required).</summary>
    /// <value>Read-only options; use them with <see cref="JsonSerializer"/> directly for values without the schema envelope.</value>
    public static JsonSerializerOptions Options { get; } = CreateCoreOptions();

    /// <summary>Writes a value with its schema envelope.</summary>
    /// <typeparam name="T">A snapshot type (<see cref="Ticket"/>, <see cref="Complaint"/>, <see cref="Callback"/>), a history entry type (<see cref="TransitionRecord{TState, TTrigger}"/> of one of them), or <see cref="CustomerServiceEvent"/>.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="NotSupportedException">Thrown when <typeparamref name="T"/> is not one of the supported types.</exception>
    public static string Serialize<T>(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Serialize(value, TypeInfo<T>());
    }

    /// <summary>Writes a value of a package's own type with the schema envelope.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="typeInfo">Its metadata, from options made by <see cref="CreateOptions(IJsonTypeInfoResolver)"/>.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="value"/> or <paramref name="typeInfo"/> is <see langword="null"/>.</exception>
    public static string Serialize<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(typeInfo);
        var info = typeInfo;

        // One buffer and writer per thread, taken while in use (a nested call on the same thread makes its own): the
        // only allocation left per call is the returned string.
        var cached = CachedPerThread ?? new CachedWriter();
        CachedPerThread = null;
        try
        {
            var writer = cached.Reset();
            writer.WriteStartObject();
            writer.WriteNumber(SchemaVersionName, SchemaVersion);
            writer.WritePropertyName(DataName);
            JsonSerializer.Serialize(writer, value, info);
            writer.WriteEndObject();
            writer.Flush();
            return Encoding.UTF8.GetString(cached.Buffer.WrittenSpan);
        }
        finally
        {
            // A buffer grown by an unusually large payload is left to the collector rather than kept per thread.
            if (cached.Buffer.Capacity <= CachedWriter.MaxKeptCapacity)
            {
                CachedPerThread = cached;
            }
            else
            {
                cached.Dispose();
            }
        }
    }

    /// <summary>Reads a value written by <see cref="Serialize{T}(T)"/>.</summary>
    /// <typeparam name="T">The type it was written as.</typeparam>
    /// <param name="json">The JSON text.</param>
    /// <returns>The value, equal to the one written.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="NotSupportedException">Thrown when <typeparamref name="T"/> is not one of the supported types.</exception>
    /// <exception cref="SnapshotFormatException">Thrown when the text is not a valid payload of <typeparamref name="T"/> or comes from a newer schema version.</exception>
    public static T Deserialize<T>(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Deserialize(json, TypeInfo<T>());
    }

    /// <summary>Reads a value of a package's own type written by <see cref="Serialize{T}(T, JsonTypeInfo{T})"/>.</summary>
    /// <typeparam name="T">The type it was written as.</typeparam>
    /// <param name="json">The JSON text.</param>
    /// <param name="typeInfo">Its metadata, from options made by <see cref="CreateOptions(IJsonTypeInfoResolver)"/>.</param>
    /// <returns>The value, equal to the one written.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="json"/> or <paramref name="typeInfo"/> is <see langword="null"/>.</exception>
    /// <exception cref="SnapshotFormatException">Thrown when the text is not a valid payload of <typeparamref name="T"/> or comes from a newer schema version.</exception>
    public static T Deserialize<T>(string json, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(typeInfo);
        var info = typeInfo;
        int? version = null;

        // The UTF-8 text is read from a pooled buffer: nothing read keeps a reference to it (strings are copied out).
        var utf8 = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(json.Length));
        try
        {
            var reader = new Utf8JsonReader(utf8.AsSpan(0, Encoding.UTF8.GetBytes(json, utf8)));
            Expect(reader.Read() && reader.TokenType == JsonTokenType.StartObject, "a JSON object", version);
            Expect(reader.Read() && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals(SchemaVersionName.EncodedUtf8Bytes), "\"schemaVersion\" first", version);
            Expect(reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var declared) && declared >= 1, "a positive schema version", version);
            version = reader.GetInt32();
            if (version > SchemaVersion)
            {
                throw new SnapshotFormatException(
                    $"A {typeof(T).Name} payload has schema version {version}, newer than the {SchemaVersion} this library reads; upgrade the library.",
                    version);
            }

            Expect(reader.Read() && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals(DataName.EncodedUtf8Bytes), "\"data\" after the schema version", version);
            reader.Read();
            var value = JsonSerializer.Deserialize(ref reader, info);
            Expect(value is not null, "data that is not null", version);
            Expect(reader.Read() && reader.TokenType == JsonTokenType.EndObject && !reader.Read(), "nothing after the data", version);
            return value!;
        }
        catch (ArgumentException e)
        {
            // A value the snapshot's own validation refuses (its message names the rule, never the value).
            throw new SnapshotFormatException($"A {typeof(T).Name} payload (schema version {version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}) holds a value its type refuses: {e.Message}", version, e);
        }
        catch (JsonException e)
        {
            throw new SnapshotFormatException($"A {typeof(T).Name} payload (schema version {version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}) is not valid at {e.Path ?? "$"}: {Describe(e)}", version, e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    private static void Expect(bool condition, string what, int? version)
    {
        if (!condition)
        {
            throw new SnapshotFormatException($"A payload must be an object with \"schemaVersion\" then \"data\"; expected {what}.", version);
        }
    }

    // The parser's messages name types and positions; they never quote the payload's values.
    private static string Describe(JsonException e) => e.Message.Split(" Path:", 2)[0];

    /// <summary>The library's metadata of one of its own stored types.</summary>
    internal static JsonTypeInfo<T> TypeInfo<T>() =>
        Options.GetTypeInfo(typeof(T)) as JsonTypeInfo<T>
        ?? throw new NotSupportedException($"{typeof(T).Name} is not a type CustomerServiceJson serializes.");

    /// <summary>
    /// Creates read-only options with the rules of <see cref="Options"/> (NodaTime values as exact ISO-8601 strings,
    /// enumerations as names, every field written and required, unknown fields refused) over a package's own
    /// source-generated metadata, for its types to be stored with <see cref="Serialize{T}(T, JsonTypeInfo{T})"/>.
    /// </summary>
    /// <param name="resolver">The package's <see cref="JsonSerializerContext"/> (or another resolver); the strict rules apply to the object types of the assembly that defines it.</param>
    /// <returns>New read-only options; create them once and keep them.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="resolver"/> is <see langword="null"/>.</exception>
    public static JsonSerializerOptions CreateOptions(IJsonTypeInfoResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        var assembly = resolver.GetType().Assembly;
        return Configured(resolver.WithAddedModifier(info =>
        {
            if (info.Type.Assembly == assembly)
            {
                Strict(info);
            }
        }));
    }

    private static JsonSerializerOptions CreateCoreOptions() => Configured(CoreResolver);

    private static JsonSerializerOptions Configured(IJsonTypeInfoResolver strictResolver)
    {
        var options = new JsonSerializerOptions
        {
            TypeInfoResolver = strictResolver,
            Converters = { new InstantJsonConverter(), new DurationJsonConverter(), new LocalDateJsonConverter(), new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false) },
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        };
        options.MakeReadOnly();
        return options;
    }

#if NET9_0_OR_GREATER
    private static bool IsConstructorParameter(JsonTypeInfo info, JsonPropertyInfo property) => property.AssociatedParameter is not null;
#else
    // .NET 8 has no JsonPropertyInfo.AssociatedParameter: find the constructor System.Text.Json deserializes with (the one
    // marked [JsonConstructor], else the public parameterless one, else the only public one) and match its parameters
    // by name, ignoring case, as the serializer does.
    private static bool IsConstructorParameter(JsonTypeInfo info, JsonPropertyInfo property)
    {
        const System.Reflection.BindingFlags Instance = System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic;
        var constructors = info.Type.GetConstructors(Instance);
        var chosen = constructors.FirstOrDefault(c => c.IsDefined(typeof(JsonConstructorAttribute), inherit: false));
        if (chosen is null)
        {
            var candidates = constructors.Where(c => c.IsPublic).ToArray();
            chosen = candidates.Any(c => c.GetParameters().Length == 0) ? null : candidates.Length == 1 ? candidates[0] : null;
        }

        return chosen is not null && chosen.GetParameters().Any(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase));
    }
#endif

    /// <summary>
    /// Members added to a stored type after data was stored with it: optional when reading (a snapshot or outbox message written
    /// before the member existed loads with its default value) and written only when set (not null, not an empty list), so that
    /// data that does not use them is stored byte for byte as before. Every other member is required.
    /// </summary>
    private static bool IsAddedLater(Type type, string name) =>
        (type == typeof(Ticket) && name == nameof(Ticket.Facts))
        || (type == typeof(SlaClockSet) && name is nameof(SlaClockSet.SelectedBy) or nameof(SlaClockSet.Reselections) or nameof(SlaClockSet.Escalations)
            or nameof(SlaClockSet.Calendar) or nameof(SlaClockSet.CalendarSource))
        || (type == typeof(SlaReselection) && name is nameof(SlaReselection.FromCalendar) or nameof(SlaReselection.ToCalendar))
        || (type == typeof(SlaClockRecord) && name == nameof(SlaClockRecord.Judgements))
        || (type == typeof(SlaClockJudgement) && name == nameof(SlaClockJudgement.Calendar))
        || (type == typeof(Sla.SlaMilestoneReached) && name == nameof(Sla.SlaMilestoneReached.BeforeDue));

    /// <summary>Writes only what can be read back (no computed properties), requires every field except those added later, and makes events polymorphic.</summary>
    private static void Strict(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            var property = info.Properties[i];
            if (property.Set is null && !IsConstructorParameter(info, property))
            {
                info.Properties.RemoveAt(i);
            }
            else if (IsAddedLater(info.Type, property.Name))
            {
                // Unset, it is not written either: data that does not use the member is stored exactly as before.
                property.IsRequired = false;
                property.ShouldSerialize = static (_, value) => value switch
                {
                    null => false,
                    IReadOnlyCollection<string> names => names.Count > 0,
                    IReadOnlyCollection<TicketFact> facts => facts.Count > 0,
                    IReadOnlyCollection<SlaReselection> reselections => reselections.Count > 0,
                    IReadOnlyCollection<SlaClockJudgement> judgements => judgements.Count > 0,
                    _ => true,
                };
            }
            else
            {
                property.IsRequired = true;
            }
        }

        if (info.Type == typeof(CustomerServiceEvent))
        {
            var polymorphism = new JsonPolymorphismOptions
            {
                TypeDiscriminatorPropertyName = "$type",
                UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization,
            };
            foreach (var (type, name) in CoreEventTypes)
            {
                polymorphism.DerivedTypes.Add(new JsonDerivedType(type, name));
            }

            info.PolymorphismOptions = polymorphism;
        }
    }

    /// <summary>The library's own event types and their stored names (the <c>$type</c> discriminators).</summary>
    private static readonly (Type Type, string Name)[] CoreEventTypes =
    [
        (typeof(TicketOpened), nameof(TicketOpened)),
        (typeof(TicketTransitioned), nameof(TicketTransitioned)),
        (typeof(TicketHoldDeadlinePassed), nameof(TicketHoldDeadlinePassed)),
        (typeof(ComplaintReceived), nameof(ComplaintReceived)),
        (typeof(ComplaintTransitioned), nameof(ComplaintTransitioned)),
        (typeof(ComplaintResponseOverdue), nameof(ComplaintResponseOverdue)),
        (typeof(CallbackRequested), nameof(CallbackRequested)),
        (typeof(CallbackTransitioned), nameof(CallbackTransitioned)),
        (typeof(SlaMilestoneReached), nameof(SlaMilestoneReached)),
        (typeof(SlaPolicyReselected), nameof(SlaPolicyReselected)),
        (typeof(SlaEscalated), nameof(SlaEscalated)),
    ];

    /// <summary>Whether a name is the stored name of one of the library's own event types.</summary>
    internal static bool IsCoreEventTypeName(string name) => CoreEventTypes.Any(t => string.Equals(t.Name, name, StringComparison.Ordinal));

    /// <summary>
    /// The metadata of <see cref="CustomerServiceEvent"/> that reads and writes the library's own event types and the
    /// packages' <paramref name="eventTypes"/> (each with its stored name and its package's metadata, under the same strict
    /// rules); the library's own metadata when there are none.
    /// </summary>
    /// <exception cref="ArgumentException">Thrown when two event types share a name or a type, or a package's metadata does not include its event type.</exception>
    internal static JsonTypeInfo<CustomerServiceEvent> EventTypeInfo(IReadOnlyList<CustomerServiceEventType> eventTypes, string parameterName)
    {
        if (eventTypes.Count == 0)
        {
            return TypeInfo<CustomerServiceEvent>();
        }

        var names = new Dictionary<string, Type>(StringComparer.Ordinal);
        var added = new List<CustomerServiceEventType>(eventTypes.Count);
        foreach (var eventType in eventTypes)
        {
            ArgumentNullException.ThrowIfNull(eventType, parameterName);
            if (names.TryGetValue(eventType.TypeName, out var known))
            {
                if (known != eventType.EventType)
                {
                    throw new ArgumentException($"The event type name '{eventType.TypeName}' is given to both {known.Name} and {eventType.EventType.Name}.", parameterName);
                }

                continue; // the same registration twice (a package registered twice)
            }

            if (added.Any(a => a.EventType == eventType.EventType))
            {
                throw new ArgumentException($"{eventType.EventType.Name} is registered under two names.", parameterName);
            }

            names.Add(eventType.TypeName, eventType.EventType);
            added.Add(eventType);
        }

        var resolvers = new List<IJsonTypeInfoResolver> { CoreResolver };
        foreach (var resolver in added.Select(a => a.Resolver).Distinct())
        {
            var assembly = resolver.GetType().Assembly;
            resolvers.Add(resolver.WithAddedModifier(info =>
            {
                if (info.Type.Assembly == assembly)
                {
                    Strict(info);
                }
            }));
        }

        var options = Configured(JsonTypeInfoResolver.Combine([.. resolvers]).WithAddedModifier(info =>
        {
            if (info.Type == typeof(CustomerServiceEvent))
            {
                foreach (var eventType in added)
                {
                    info.PolymorphismOptions!.DerivedTypes.Add(new JsonDerivedType(eventType.EventType, eventType.TypeName));
                }
            }
        }));
        foreach (var eventType in added)
        {
            try
            {
                _ = options.GetTypeInfo(eventType.EventType);
            }
            catch (NotSupportedException e)
            {
                throw new ArgumentException($"The metadata given for the event type '{eventType.TypeName}' does not include {eventType.EventType.Name}.", parameterName, e);
            }
        }

        return (JsonTypeInfo<CustomerServiceEvent>)options.GetTypeInfo(typeof(CustomerServiceEvent));
    }

    /// <summary>A thread's reusable output buffer and JSON writer (the writer's options are the defaults, as they always were).</summary>
    private sealed class CachedWriter : IDisposable
    {
        /// <summary>The largest buffer kept for the next call: 64 KiB.</summary>
        public const int MaxKeptCapacity = 64 * 1024;

        public ArrayBufferWriter<byte> Buffer { get; } = new(4096);

        private readonly Utf8JsonWriter _writer;

        public CachedWriter()
        {
            _writer = new Utf8JsonWriter(Buffer);
        }

        public Utf8JsonWriter Reset()
        {
            Buffer.ResetWrittenCount();
            _writer.Reset(Buffer);
            return _writer;
        }

        public void Dispose() => _writer.Dispose();
    }
}
