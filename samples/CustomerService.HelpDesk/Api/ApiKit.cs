using CustomerService.Core.Storage;

namespace CustomerService.HelpDesk.Api;

/// <summary>A request that names who acts (an agent's id, a channel integration's name).</summary>
public interface IActorRequest
{
    string? Actor { get; }
}

public sealed record ActorRequest(string? Actor) : IActorRequest;

/// <summary>What every command endpoint does around the library's call.</summary>
public static class ApiKit
{
    public static string ActorOf(IActorRequest request) => Fields.Required(request.Actor, "actor");

    /// <summary>
    /// Honours <c>If-Match</c>: the library's services check their own concurrency token when they save (a concurrent
    /// change is a <see cref="ConcurrencyConflictException"/>), but take no client version, so a version the client saw
    /// is compared here, before the command runs.
    /// </summary>
    public static async Task CheckVersionAsync(HttpContext http, string kind, string id, Func<Task<long?>> currentVersion)
    {
        if (Fields.IfMatch(http) is not { } expected)
        {
            return;
        }

        var current = await currentVersion() ?? throw new EntityNotFoundException(kind, id);
        if (current != expected)
        {
            throw new StaleVersionException(kind, id, expected, current);
        }
    }

    public static IResult Answer<TView>(HttpContext http, long version, TView view)
    {
        http.Response.Headers.ETag = $"\"{version}\"";
        return Results.Ok(view);
    }

    public static IResult Created<TView>(HttpContext http, string location, long version, TView view)
    {
        http.Response.Headers.ETag = $"\"{version}\"";
        return Results.Created(location, view);
    }
}
