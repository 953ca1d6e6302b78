namespace ChangeBot.Hosting;

internal static class ChecksRegistration
{
    public static WebApplicationBuilder AddChecks(this WebApplicationBuilder builder) => builder;
}
