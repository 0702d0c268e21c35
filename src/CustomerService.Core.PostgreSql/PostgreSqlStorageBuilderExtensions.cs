using CustomerService.Core.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CustomerService.Core.PostgreSql;

/// <summary>Registers the PostgreSQL store as the storage of CustomerService.Core.</summary>
/// <threadsafety>Call the methods at start-up from one thread; service collections are not thread-safe.</threadsafety>
public static class PostgreSqlStorageBuilderExtensions
{
    /// <summary>The key of the PostgreSQL settings under <c>CustomerServiceCore</c>: <c>PostgreSql</c>.</summary>
    public const string SectionKey = "PostgreSql";

    /// <summary>Keeps tickets, complaints, callbacks and the outbox (and the studio desk's customer profiles, with <c>AddStudioDesk</c>) in a PostgreSQL database that several host processes may share.</summary>
    /// <param name="builder">The builder <c>AddCustomerServiceCore()</c> returned.</param>
    /// <param name="connectionString">The Npgsql connection string, for example <c>Host=db;Database=desk;Username=desk;Password=…</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    public static CustomerServiceCoreBuilder AddPostgreSqlStorage(this CustomerServiceCoreBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        return builder.AddPostgreSqlStorage(options => options.ConnectionString = connectionString);
    }

    /// <summary>Keeps tickets, complaints, callbacks and the outbox (and the studio desk's customer profiles, with <c>AddStudioDesk</c>) in a PostgreSQL database, with settings configured in code (applied after the <c>CustomerServiceCore:PostgreSql</c> section is bound).</summary>
    /// <remarks>
    /// <para>
    /// The settings are validated at start-up (<c>ValidateOnStart</c>; hosts without the Generic Host call
    /// <c>ValidateCustomerServiceCoreOptions()</c>). The store is a singleton that the container disposes; the schema is
    /// created or migrated on first use.
    /// </para>
    /// <para>
    /// The stores registered are claimable: the services' <c>ProcessDueAsync</c> and the <c>OutboxDispatcher</c> claim
    /// their batches with leases under <c>DueWork:NodeId</c> / <c>Outbox:NodeId</c>, so any number of processes can run
    /// due work and delivery on the same database (see <c>docs/scale-out.md</c>).
    /// </para>
    /// </remarks>
    /// <param name="builder">The builder <c>AddCustomerServiceCore()</c> returned.</param>
    /// <param name="configure">Sets the connection string, schema and retry settings.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    public static CustomerServiceCoreBuilder AddPostgreSqlStorage(this CustomerServiceCoreBuilder builder, Action<PostgreSqlStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;

        // Section CustomerServiceCore:PostgreSql: bound (before the code's settings) when the package's settings come
        // from configuration, and validated at start-up with the rest of them, in one message.
        builder.AddSettingsSection<PostgreSqlStorageOptions>(SectionKey);
        services.AddOptions<PostgreSqlStorageOptions>().Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgreSqlStorageOptions>, PostgreSqlStorageOptionsValidator>());
        services.TryAddSingleton(sp => new PostgreSqlDocumentStore(sp.GetRequiredService<IOptions<PostgreSqlStorageOptions>>().Value));
        return builder.AddDocumentStorage(sp => sp.GetRequiredService<PostgreSqlDocumentStore>());
    }

    /// <summary>Checks the PostgreSQL settings at start-up, naming each bad key.</summary>
    private sealed class PostgreSqlStorageOptionsValidator : IValidateOptions<PostgreSqlStorageOptions>
    {
        public ValidateOptionsResult Validate(string? name, PostgreSqlStorageOptions options)
        {
            var errors = options.Validate($"{CustomerServiceCoreOptions.SectionName}:{SectionKey}:").ToList();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
