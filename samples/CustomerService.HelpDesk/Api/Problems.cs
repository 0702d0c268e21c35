using System.Text.Json;
using CustomerService.Core;
using CustomerService.Core.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace CustomerService.HelpDesk.Api;

/// <summary>A request the API refuses before it reaches the library: a missing or malformed field.</summary>
public sealed class BadFieldException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>The client's <c>If-Match</c> names a version that is no longer the stored one.</summary>
public sealed class StaleVersionException(string kind, string id, long expected, long current)
    : Exception($"The {kind} is at version {current}, not {expected}.")
{
    public string Kind { get; } = kind;

    public string Id { get; } = id;

    public long Current { get; } = current;
}

/// <summary>
/// Turns every failure into RFC 7807 problem details: the field at fault, the permitted actions, a retry hint. Never a
/// stack trace, and never a value the client sent (it may be a phone number): fields are named, values are not echoed.
/// The library's own messages carry no personal data, so they are passed on.
/// </summary>
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            return true; // the client went away; nobody reads an answer
        }

        var problem = exception switch
        {
            BadFieldException e => Invalid(e.Field, e.Message),
            BadHttpRequestException { InnerException: JsonException json } => Invalid(FieldOf(json.Path), "is missing or not a valid value."),
            BadHttpRequestException e => new ProblemDetails { Status = e.StatusCode, Title = "Bad request", Detail = e.Message },
            ArgumentException e => Invalid(Camel(e.ParamName ?? "request"), WithoutParameterSuffix(e)),
            EntityNotFoundException e => new ProblemDetails
            {
                Status = StatusCodes.Status404NotFound,
                Title = "Not found",
                Detail = $"No {e.EntityKind.ToLowerInvariant()} is stored under '{e.Id}'.",
            },
            InvalidTransitionException e => NotPermitted(e),
            ConcurrencyConflictException e => Conflict(e.EntityKind, e.Id, currentVersion: null),
            StaleVersionException e => Conflict(e.Kind, e.Id, e.Current),
            StorageException => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Storage unavailable",
                Detail = "The database could not be used; nothing was saved. Try again shortly.",
            },
            _ => null,
        };

        if (problem is null)
        {
            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
            problem = new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "Something went wrong", Detail = "The failure was logged; nothing about it is shown here." };
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = "1";
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem });
    }

    private static ValidationProblemDetails Invalid(string field, string message) => new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
    {
        Status = StatusCodes.Status400BadRequest,
        Title = "Invalid request",
        Detail = $"{field}: {message}",
    };

    private static ProblemDetails NotPermitted(InvalidTransitionException e)
    {
        var action = Actions.Name(e.TriggerName);
        return new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "Action not permitted now",
            Detail = $"'{action}' is not permitted while the {e.Lifecycle.ToLowerInvariant()} is {e.StateName}.",
            Extensions =
            {
                ["state"] = e.StateName,
                ["action"] = action,
                ["permittedActions"] = Actions.Names(e.PermittedTriggerNames),
            },
        };
    }

    private static ProblemDetails Conflict(string kind, string id, long? currentVersion)
    {
        var path = $"/api/{kind.ToLowerInvariant()}s/{id}";
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "Changed by someone else",
            Detail = $"The {kind.ToLowerInvariant()} changed since you read it; nothing was saved.",
            Extensions = { ["retry"] = $"GET {path}, check the action still makes sense, and send it again with If-Match set to the new ETag." },
        };
        if (currentVersion is { } version)
        {
            problem.Extensions["currentVersion"] = version;
        }

        return problem;
    }

    [LoggerMessage(1, LogLevel.Error, "Unhandled failure on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);

    /// <summary>A JSON path such as <c>$.priority</c> or <c>$.steps[2].at</c> as a field name.</summary>
    private static string FieldOf(string? path) => string.IsNullOrEmpty(path) || path == "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    private static string Camel(string name) => name.Length == 0 || char.IsLower(name[0]) ? name : char.ToLowerInvariant(name[0]) + name[1..];

    private static string WithoutParameterSuffix(ArgumentException e) =>
        e.ParamName is { } name ? e.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal) : e.Message;
}

/// <summary>API action names are the lifecycle triggers in kebab case: <c>AgentReply</c> is <c>POST …/agent-reply</c>.</summary>
public static class Actions
{
    /// <summary>Triggers the library fires on its own (due work), never offered to a client.</summary>
    private static readonly HashSet<string> Internal = ["AutoClose", "BecomeDue"];

    public static string Name(string trigger) =>
        string.Concat(trigger.Select((c, i) => char.IsUpper(c) ? (i == 0 ? string.Empty : "-") + char.ToLowerInvariant(c) : c.ToString()));

    public static IReadOnlyList<string> Names(IEnumerable<string> triggers) => [.. triggers.Where(t => !Internal.Contains(t)).Select(Name)];

    public static IReadOnlyList<string> Names<TTrigger>(IEnumerable<TTrigger> triggers)
        where TTrigger : struct, Enum => Names(triggers.Select(t => t.ToString()));
}
