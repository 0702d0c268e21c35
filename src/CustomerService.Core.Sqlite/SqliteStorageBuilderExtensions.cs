using CustomerService.Core.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CustomerService.Core.Sqlite;

/// <summary>Registers the SQLite store as the storage of CustomerService.Core.</summary>
/// <threadsafety>Call the methods at start-up from one thread; service collections are not thread-safe.</threadsafety>
public static class SqliteStorageBuilderExtensions
{
    /// <summary>The key of the SQLite settings under <c>CustomerServiceCore</c>: <c>Sqlite</c>.</summary>
    public const string SectionKey = "Sqlite";

    /// <summary>Keeps tickets, complaints, callbacks and the outbox (and the studio desk's customer profiles, with <c>AddStudioDesk</c>) in one SQLite file.</summary>
    /// <param name="builder">The builder <c>AddCustomerServiceCore()</c> returned.</param>
    /// <param name="connectionString">The connection string, for example <c>Data Source=desk.db</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    public static CustomerServiceCoreBuilder AddSqliteStorage(this CustomerServiceCoreBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        return builder.AddSqliteStorage(options => options.ConnectionString = connectionString);
    }

    /// <summary>Keeps tickets, complaints, callbacks and the outbox (and the studio desk's customer profiles, with <c>AddStudioDesk</c>) in one SQLite file, with settings configured in code (applied after configuration binding).</summary>
    /// <remarks>
    /// The settings are validated at start-up (<c>ValidateOnStart</c>; hosts without the Generic Host call
    /// <c>ValidateCustomerServiceCoreOptions()</c>). The store is a singleton that the container disposes; the schema is
    /// created or migrated on first use.
    /// </remarks>
    /// <param name="builder">The builder <c>AddCustomerServiceCore()</c> returned.</param>
    /// <param name="configure">Sets the connection string and durability settings.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    public static CustomerServiceCoreBuilder AddSqliteStorage(this CustomerServiceCoreBuilder builder, Action<SqliteStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;

        // Section CustomerServiceCore:Sqlite: bound (before the code's settings) when the package's settings come from
        // configuration, and validated at start-up with the rest of them, in one message.
        builder.AddSettingsSection<SqliteStorageOptions>(SectionKey);
        services.AddOptions<SqliteStorageOptions>().Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteStorageOptions>, SqliteStorageOptionsValidator>());
        services.TryAddSingleton(sp => new SqliteDocumentStore(sp.GetRequiredService<IOptions<SqliteStorageOptions>>().Value));
        return builder.AddDocumentStorage(sp => sp.GetRequiredService<SqliteDocumentStore>());
    }

    /// <summary>Checks the SQLite settings at start-up, naming each bad key.</summary>
    private sealed class SqliteStorageOptionsValidator : IValidateOptions<SqliteStorageOptions>
    {
        public ValidateOptionsResult Validate(string? name, SqliteStorageOptions options)
        {
            var errors = options.Validate($"{CustomerServiceCoreOptions.SectionName}:{SectionKey}:").ToList();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
