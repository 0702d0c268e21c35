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
    private static async Task CheckVersionAsync(HttpContext http, string kind, string id, Func<Task<long?>> currentVersion)
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

    /// <summary>
    /// Runs a command, honouring <c>If-Match</c>, and runs it again (at most three times) when it lost a race: the hosted
    /// due work's SLA checks write the entity too, so an agent's reply can meet one at the same instant. The library's
    /// services reload and re-apply on every call, so a retry is the same request arriving a moment later; a command no
    /// longer permitted then fails as such.
    /// </summary>
    public static async Task<TEntity> ExecuteAsync<TEntity>(HttpContext http, string kind, string id, Func<Task<long?>> currentVersion, Func<Task<TEntity>> command)
    {
        for (var attempt = 1; ; attempt++)
        {
            await CheckVersionAsync(http, kind, id, currentVersion);
            try
            {
                return await command();
            }
            catch (ConcurrencyConflictException) when (attempt < 3)
            {
            }
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
