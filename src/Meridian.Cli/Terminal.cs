using Spectre.Console;
using Spectre.Console.Rendering;

namespace Meridian.Cli;

/// <summary>
/// Where the CLI writes: results (tables, progress) to <see cref="Out"/>, errors to <see cref="Error"/> so that scripts
/// can keep the two apart. Tests pass string writers.
/// </summary>
public sealed class Terminal(IAnsiConsole output, TextWriter error, IAnsiConsole errorConsole)
{
    /// <summary>Wide enough that tables written to a file or pipe keep URLs on one line.</summary>
    private const int RedirectedWidth = 400;

    public IAnsiConsole Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>Standard error as a console, for rich error output (command-line mistakes with a caret under the culprit).</summary>
    public IAnsiConsole ErrorConsole { get; } = errorConsole;

    /// <summary>The process's console. When standard output is not a terminal, tables are not wrapped at 80 columns.</summary>
    public static Terminal ForConsole()
    {
        var console = AnsiConsole.Console;
        if (Console.IsOutputRedirected)
        {
            console.Profile.Width = RedirectedWidth;
        }

        var errorConsole = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return new Terminal(console, Console.Error, errorConsole);
    }

    /// <summary>A terminal over plain writers: no colours, no ANSI codes, not interactive.</summary>
    public static Terminal ForWriters(TextWriter output, TextWriter error) => new(Plain(output), error, Plain(error));

    private static IAnsiConsole Plain(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = RedirectedWidth;
        return console;
    }

    /// <summary>Writes a line of plain text (not markup) to <see cref="Out"/>.</summary>
    public void WriteLine(string text) => Out.WriteLine(text);

    /// <summary>Writes a table or other renderable to <see cref="Out"/>.</summary>
    public void Write(IRenderable renderable) => Out.Write(renderable);

    /// <summary>Writes <c>error: message</c> to standard error and returns the exit code 1.</summary>
    public int Fail(string message)
    {
        Error.WriteLine($"error: {message}");
        return 1;
    }
}
