using ChangeBot.Core.Subscriptions;
using Microsoft.Extensions.Options;

namespace ChangeBot.Hosting;

internal static class OptionsRegistration
{
    public static WebApplicationBuilder AddChangeBotOptions(this WebApplicationBuilder builder)
    {
        builder.AddValidatedOptions<ChangeBotOptions, ChangeBotOptionsValidator>(ChangeBotOptions.Section);
        return builder;
    }

    /// <summary>The options now, for wiring decisions made before the container is built.</summary>
    public static ChangeBotOptions GetChangeBotOptions(this WebApplicationBuilder builder) =>
        builder.ReadValidatedOptions<ChangeBotOptions, ChangeBotOptionsValidator>(ChangeBotOptions.Section);
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

        foreach (var channel in options.SupportChannels.Where(c => !IsChannelKey(c)))
        {
            failures.Add($"ChangeBot:SupportChannels entry '{channel}' is not a channel key (platform:workspace:conversation, e.g. slack:T024BE7LD:C024BE91L).");
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

    private static bool IsChannelKey(string key)
    {
        try
        {
            ConversationAddress.Parse(key);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
