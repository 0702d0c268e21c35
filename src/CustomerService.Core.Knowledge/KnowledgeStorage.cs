using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using CustomerService.Core.Persistence;
using CustomerService.Core.Serialization;
using CustomerService.Core.Storage;

namespace CustomerService.Core.Knowledge;

/// <summary>
/// The article store over the library's storages: the same <see cref="IEntityStore{TEntity}"/> contract as tickets
/// (optimistic concurrency, history rows appended once, due work), in the same database.
/// </summary>
/// <remarks>
/// Articles are entities of kind <see cref="EntityKind"/>. Over a <see cref="DocumentStorage"/> (SQLite, PostgreSQL, a
/// host's document adapter) the snapshot is a row written with <see cref="CustomerServiceJson"/>'s envelope and rules
/// (schema version, every field required, NodaTime values exact) and each history entry its own row; their due work is the
/// review date (<see cref="DueWork.ArticleReview"/>). Every save that creates or changes an article writes its event
/// (<see cref="ArticleCreated"/>, <see cref="ArticleTransitioned"/>) to the outbox in the same transaction; a document
/// storage reads and writes them when it was given <see cref="EventTypes"/> (<c>AddKnowledgeBase</c> registers them).
/// </remarks>
/// <threadsafety>This type is thread-safe; the stores it returns are thread-safe when their storage is.</threadsafety>
public static class KnowledgeStorage
{
    /// <summary>The entity kind of articles in a store: <c>Article</c>.</summary>
    public const string EntityKind = "Article";

    /// <summary>Gets the knowledge base's event types, with their stored names: <c>ArticleCreated</c> and <c>ArticleTransitioned</c>.</summary>
    /// <value>Give them to the <see cref="DocumentStorage"/> constructor (<c>eventTypes</c>) in a host without dependency injection; <c>AddKnowledgeBase</c> registers them.</value>
    public static IReadOnlyList<CustomerServiceEventType> EventTypes { get; } =
    [
        CustomerServiceEventType.Create<ArticleCreated>(nameof(ArticleCreated), KnowledgeJsonContext.Default),
        CustomerServiceEventType.Create<ArticleTransitioned>(nameof(ArticleTransitioned), KnowledgeJsonContext.Default),
    ];

    /// <summary>Gets the article store of an in-memory storage.</summary>
    /// <param name="storage">The storage.</param>
    /// <returns>The store of kind <see cref="EntityKind"/>; the same instance on every call.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="storage"/> is <see langword="null"/>.</exception>
    public static IEntityStore<Article> GetArticleStore(InMemoryStorage storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return storage.GetStore<Article>(EntityKind);
    }

    /// <summary>Gets the article store of a document storage (rows of kind <see cref="EntityKind"/> in the adapter's database).</summary>
    /// <param name="storage">The storage.</param>
    /// <returns>The store; the same instance on every call; claimable when the storage supports claims.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="storage"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="storage"/> was not given <see cref="EventTypes"/> (its outbox could not hold the articles' events).</exception>
    public static IEntityStore<Article> GetArticleStore(DocumentStorage storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        foreach (var eventType in EventTypes)
        {
            if (!storage.EventTypes.Contains(eventType))
            {
                throw new ArgumentException($"The storage was not given the knowledge base's event types ({eventType.TypeName} is missing): create it with eventTypes: KnowledgeStorage.EventTypes, or register AddKnowledgeBase() with the storage.", nameof(storage));
            }
        }

        return storage.GetStore(EntityKind, KnowledgeJson.Article, KnowledgeJson.Entry, a => a.History, (a, h) => a with { History = h }, a => a.Version);
    }
}

/// <summary>The stored forms of the knowledge base's types, written with <see cref="CustomerServiceJson"/>'s envelope and rules.</summary>
internal static class KnowledgeJson
{
    private static readonly JsonSerializerOptions Options = CustomerServiceJson.CreateOptions(KnowledgeJsonContext.Default);

    public static JsonTypeInfo<Article> Article { get; } = (JsonTypeInfo<Article>)Options.GetTypeInfo(typeof(Article));

    public static JsonTypeInfo<TransitionRecord<ArticleState, ArticleTrigger>> Entry { get; } =
        (JsonTypeInfo<TransitionRecord<ArticleState, ArticleTrigger>>)Options.GetTypeInfo(typeof(TransitionRecord<ArticleState, ArticleTrigger>));
}

/// <summary>The source-generated System.Text.Json metadata of the stored types (NodaTime values go through <see cref="CustomerServiceJson"/>'s converters).</summary>
[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(Article))]
[JsonSerializable(typeof(TransitionRecord<ArticleState, ArticleTrigger>))]
[JsonSerializable(typeof(ArticleCreated))]
[JsonSerializable(typeof(ArticleTransitioned))]
internal sealed partial class KnowledgeJsonContext : JsonSerializerContext;
