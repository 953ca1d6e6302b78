using Microsoft.Extensions.Options;

namespace ChangeBot.Hosting;

internal static class OptionsRegistration
{
    public static WebApplicationBuilder AddChangeBotOptions(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddOptions<ChangeBotOptions>()
            .BindConfiguration(ChangeBotOptions.Section)
            .Configure(o =>
            {
                // Lists accept one comma-separated value as well as indexed children.
                o.SupportUsers = configuration.ReadList("ChangeBot:SupportUsers");
                o.ApiTokens = configuration.ReadList("ChangeBot:ApiTokens");
            })
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ChangeBotOptions>, ChangeBotOptionsValidator>();
        return builder;
    }

    /// <summary>Reads the options now, for wiring decisions made before the container is built; failing
    /// validation here stops start-up with the message that names the setting.</summary>
    public static ChangeBotOptions GetChangeBotOptions(this WebApplicationBuilder builder)
    {
        var options = new ChangeBotOptions();
        builder.Configuration.GetSection(ChangeBotOptions.Section).Bind(options);
        options.SupportUsers = builder.Configuration.ReadList("ChangeBot:SupportUsers");
        options.ApiTokens = builder.Configuration.ReadList("ChangeBot:ApiTokens");
        var result = new ChangeBotOptionsValidator(builder.Configuration).Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(ChangeBotOptions.Section, typeof(ChangeBotOptions), result.Failures);
        }

        return options;
    }
}

internal sealed class ChangeBotOptionsValidator(IConfiguration configuration) : IValidateOptions<ChangeBotOptions>
{
    public ValidateOptionsResult Validate(string? name, ChangeBotOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add("ChangeBot:DataDirectory is empty; leave it unset for ./data or give a folder.");
        }

        if (options.Storage == StorageKind.Postgres && string.IsNullOrWhiteSpace(configuration.GetConnectionString("Postgres")))
        {
            failures.Add("ChangeBot:Storage is Postgres but ConnectionStrings:Postgres is not set.");
        }

        foreach (var user in options.SupportUsers)
        {
            var colon = user.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon == user.Length - 1)
            {
                failures.Add($"ChangeBot:SupportUsers entry '{user}' is not platform-qualified (expected platform:id, e.g. slack:U024BE7LH).");
            }
        }

        foreach (var token in options.ApiTokens)
        {
            if (token.Length < 16)
            {
                failures.Add("ChangeBot:ApiTokens holds a token shorter than 16 characters; use long random tokens.");
                break;
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
