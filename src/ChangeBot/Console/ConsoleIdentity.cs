using System.Security.Claims;

namespace ChangeBot.SupportConsole;

/// <summary>
/// Turns a provider's id_token into the chat identity <c>ChangeBot:SupportUsers</c> lists: Slack's
/// <c>https://slack.com/user_id</c> becomes <c>slack:&lt;id&gt;</c>, Entra's <c>oid</c> becomes
/// <c>msteams:&lt;oid&gt;</c> (the id Teams sends as <c>aadObjectId</c>), any other provider its configured
/// claim with its platform prefix. The id is kept in <see cref="UserClaim"/>.
/// </summary>
internal sealed record ConsoleIdentity(string? Platform, string? UserIdClaim)
{
    public const string UserClaim = "changebot:user";

    public const string NameClaim = "name";

    public const string ProviderClaim = "changebot:provider";

    /// <summary>Longest id accepted from a token; chat ids are far shorter.</summary>
    public const int MaxIdLength = 200;

    public static ConsoleIdentity For(string providerName, ConsoleProvider settings)
    {
        var platform = string.IsNullOrWhiteSpace(settings.Platform)
            ? providerName.ToLowerInvariant() switch
            {
                "slack" => "slack",
                "entra" or "microsoft" or "teams" or "msteams" => "msteams",
                _ => null,
            }
            : settings.Platform.Trim();
        var claim = string.IsNullOrWhiteSpace(settings.UserIdClaim)
            ? platform switch
            {
                "slack" => "https://slack.com/user_id",
                "msteams" => "oid",
                _ => null,
            }
            : settings.UserIdClaim.Trim();
        return new ConsoleIdentity(platform, claim);
    }

    /// <summary>The platform-qualified id, or an error naming the missing or unusable claim.</summary>
    public (string? UserId, string? Error) Map(ClaimsPrincipal principal)
    {
        var value = principal.FindFirst(UserIdClaim!)?.Value?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return (null, $"The provider's token has no '{UserIdClaim}' claim, so ChangeBot cannot tell who you are in chat.");
        }

        if (value.Length > MaxIdLength || value.Any(char.IsControl))
        {
            return (null, $"The provider's '{UserIdClaim}' claim is not a usable user id.");
        }

        return ($"{Platform}:{value}", null);
    }

    /// <summary>The signed-in console user's chat id, or null.</summary>
    public static string? UserOf(ClaimsPrincipal user) => user.FindFirst(UserClaim)?.Value;
}
