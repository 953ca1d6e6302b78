namespace ChangeBot.Slack;

internal static class SlackRegistration
{
    public static WebApplicationBuilder AddSlack(this WebApplicationBuilder builder) => builder;

    public static WebApplication MapSlack(this WebApplication app) => app;
}
