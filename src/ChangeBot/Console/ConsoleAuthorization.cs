using ChangeBot.Api;
using ChangeBot.Core.Conversations;
using Microsoft.AspNetCore.Authorization;

namespace ChangeBot.SupportConsole;

/// <summary>
/// One rule for the console and the job dashboard: the signed-in chat id is in <c>ChangeBot:SupportUsers</c>,
/// checked by the same <see cref="SupportPolicy"/> chat commands use (ordinal comparison). The dashboard also
/// takes an API token, as it did before the console existed, so scripts keep working.
/// </summary>
internal static class ConsoleAuthorization
{
    public const string ConsolePolicy = "SupportConsole";

    public const string DashboardPolicy = "SupportDashboard";

    public static AuthorizationBuilder AddConsolePolicies(this AuthorizationBuilder authorization) => authorization
        .AddPolicy(ConsolePolicy, p => p.AddAuthenticationSchemes(ConsoleAuthentication.CookieScheme)
            .RequireAuthenticatedUser().AddRequirements(new SupportUserRequirement(AllowApiTokens: false)))
        .AddPolicy(DashboardPolicy, p => p.AddAuthenticationSchemes(ConsoleAuthentication.DashboardScheme)
            .RequireAuthenticatedUser().AddRequirements(new SupportUserRequirement(AllowApiTokens: true)));
}

internal sealed record SupportUserRequirement(bool AllowApiTokens) : IAuthorizationRequirement;

internal sealed class SupportUserHandler(SupportPolicy support) : AuthorizationHandler<SupportUserRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, SupportUserRequirement requirement)
    {
        var identity = context.User.Identity;
        if (identity?.IsAuthenticated != true)
        {
            return Task.CompletedTask;
        }

        if (identity.AuthenticationType == ApiTokenAuthentication.SchemeName
            ? requirement.AllowApiTokens
            : support.IsSupport(ConsoleIdentity.UserOf(context.User)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
