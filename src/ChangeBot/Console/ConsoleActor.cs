using System.Security.Claims;
using ChangeBot.Core.Operations;

namespace ChangeBot.SupportConsole;

/// <summary>Who acts from the console: the signed-in chat identity, with <c>console</c> as the audited surface.</summary>
internal static class ConsoleActor
{
    public const string Surface = "console";

    public static Actor Of(ClaimsPrincipal user) =>
        new(ConsoleIdentity.UserOf(user) ?? throw new InvalidOperationException("A console page ran without a signed-in support user."), Surface);
}
