namespace CustomerService.Core.Storage;

/// <summary>Thrown by a service when the ticket, complaint or callback to change is not in its store.</summary>
/// <threadsafety>Instances are immutable once thrown and may be shared between threads.</threadsafety>
public sealed class EntityNotFoundException : CustomerServiceException
{
    /// <summary>Initializes a new instance of the <see cref="EntityNotFoundException"/> class.</summary>
    /// <param name="entityKind">The kind of entity, for example <c>Ticket</c>.</param>
    /// <param name="id">The identifier that was looked up.</param>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    public EntityNotFoundException(string entityKind, string id)
        : base($"{entityKind ?? throw new ArgumentNullException(nameof(entityKind))} '{id ?? throw new ArgumentNullException(nameof(id))}' was not found.")
    {
        EntityKind = entityKind;
        Id = id;
    }

    /// <summary>Gets the kind of entity.</summary>
    /// <value><c>Ticket</c>, <c>Complaint</c> or <c>Callback</c>.</value>
    public string EntityKind { get; }

    /// <summary>Gets the identifier that was looked up.</summary>
    /// <value>The identifier's text.</value>
    public string Id { get; }
}
