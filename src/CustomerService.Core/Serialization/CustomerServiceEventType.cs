using System.Text.Json.Serialization.Metadata;

namespace CustomerService.Core.Serialization;

/// <summary>
/// A domain event type that a package adds to the outbox (the knowledge base's article events, for example), with the
/// stable name its stored messages carry: given to <c>DocumentStorage</c> (registered through dependency injection
/// by the package's <c>Add…</c> method), the storage writes and reads the package's events next to the library's own.
/// </summary>
/// <remarks>
/// <para>The name is written as the event's <c>$type</c> discriminator, exactly as the library's own event types are
/// (<c>TicketTransitioned</c>, …): it is part of the stored format, so it must never change once messages were written
/// with it. The event is written with <see cref="CustomerServiceJson"/>'s envelope and rules (schema version, every field
/// written and required, NodaTime values exact) through the package's source-generated metadata.</para>
/// <para>Every process that reads the outbox (the dispatcher's nodes) must register the same event types: a message whose
/// type name is unknown is an unreadable row, held back with backoff (see <c>DocumentStorage</c>).</para>
/// </remarks>
/// <threadsafety>This type is immutable and may be shared freely between threads.</threadsafety>
public sealed class CustomerServiceEventType
{
    private CustomerServiceEventType(Type eventType, string typeName, IJsonTypeInfoResolver resolver)
    {
        EventType = eventType;
        TypeName = typeName;
        Resolver = resolver;
    }

    /// <summary>Gets the event's type.</summary>
    /// <value>A sealed type derived from <see cref="CustomerServiceEvent"/>, defined by the package.</value>
    public Type EventType { get; }

    /// <summary>Gets the name stored messages carry for the event type.</summary>
    /// <value>The <c>$type</c> discriminator, for example <c>ArticleTransitioned</c>.</value>
    public string TypeName { get; }

    /// <summary>Gets the package's metadata the event is written and read with.</summary>
    internal IJsonTypeInfoResolver Resolver { get; }

    /// <summary>Describes a package's event type.</summary>
    /// <typeparam name="TEvent">The event type: a sealed record derived from <see cref="CustomerServiceEvent"/>.</typeparam>
    /// <param name="typeName">The stable name stored messages carry (letters and digits, 1 to 64 characters); not the name of one of the library's own event types.</param>
    /// <param name="resolver">The package's source-generated metadata (its <c>JsonSerializerContext</c>), which must include <typeparamref name="TEvent"/>.</param>
    /// <returns>The description, to register as a singleton <see cref="CustomerServiceEventType"/> or to give to <c>DocumentStorage</c>.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="typeName"/> or <paramref name="resolver"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="typeName"/> is not 1 to 64 letters and digits, is the name of one of the library's own event types, or <typeparamref name="TEvent"/> is not sealed.</exception>
    public static CustomerServiceEventType Create<TEvent>(string typeName, IJsonTypeInfoResolver resolver)
        where TEvent : CustomerServiceEvent
    {
        ArgumentNullException.ThrowIfNull(typeName);
        ArgumentNullException.ThrowIfNull(resolver);
        if (typeName.Length is 0 or > 64 || !typeName.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException($"An event type name must be 1 to 64 ASCII letters and digits; '{typeName}' is not.", nameof(typeName));
        }

        if (CustomerServiceJson.IsCoreEventTypeName(typeName))
        {
            throw new ArgumentException($"'{typeName}' is the name of one of the library's own event types.", nameof(typeName));
        }

        if (!typeof(TEvent).IsSealed)
        {
            throw new ArgumentException($"{typeof(TEvent).Name} must be sealed: the stored name identifies exactly one type.");
        }

        return new CustomerServiceEventType(typeof(TEvent), typeName, resolver);
    }
}
