namespace ChangeBot.DirectLine;

internal static class DirectLineRegistration
{
    public static WebApplicationBuilder AddDirectLine(this WebApplicationBuilder builder) => builder;

    public static WebApplication MapDirectLine(this WebApplication app) => app;
}
