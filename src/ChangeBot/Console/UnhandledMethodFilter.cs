using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace ChangeBot.SupportConsole;

/// <summary>A POST (or any method but GET/HEAD) to a page without a handler for it is 405. Razor Pages would
/// otherwise render the page without running its OnGet, so a model it loads there was null and the page a 500
/// (tests/ChangeBot.Tests/Security/ConsoleFuzzTests.cs).</summary>
internal sealed class UnhandledMethodFilter : IPageFilter
{
    public void OnPageHandlerSelected(PageHandlerSelectedContext context)
    {
    }

    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        if (context.HandlerMethod is null && !HttpMethods.IsGet(context.HttpContext.Request.Method)
            && !HttpMethods.IsHead(context.HttpContext.Request.Method))
        {
            context.Result = new StatusCodeResult(StatusCodes.Status405MethodNotAllowed);
        }
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
    {
    }
}
