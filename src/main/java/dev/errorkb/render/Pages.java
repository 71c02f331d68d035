package dev.errorkb.render;

import dev.errorkb.model.Problem;
import dev.errorkb.model.SourcePos;
import freemarker.core.ParseException;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Freemarker over the templates folder, configured once. A template mistake becomes a located
 * problem naming the template and line instead of an exception.
 */
public final class Pages {
  private final Configuration cfg;
  private final Map<String, Template> cache = new ConcurrentHashMap<>();

  public Pages(Path templatesRoot) {
    this(Theme.of(templatesRoot));
  }

  /** Freemarker over {@code theme}: its override folder first, then the built-in theme. */
  public Pages(Theme theme) {
    cfg = new Configuration(Configuration.VERSION_2_3_34);
    cfg.setTemplateLoader(new PathTemplateLoader(theme));
    cfg.setDefaultEncoding("UTF-8");
    cfg.setOutputEncoding("UTF-8");
    cfg.setLocale(Locale.ROOT);
    cfg.setTimeZone(TimeZone.getTimeZone("UTC"));
    cfg.setNumberFormat("computer");
    cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    cfg.setLogTemplateExceptions(false);
    cfg.setWrapUncheckedExceptions(true);
    cfg.setFallbackOnNullLoopVariable(false);
    cfg.setAPIBuiltinEnabled(false);
    cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
    cfg.setRecognizeStandardFileExtensions(true);
    cfg.setTemplateUpdateDelayMilliseconds(Long.MAX_VALUE);
  }

  /** Renders {@code name} (e.g. {@code entry.ftlh}) with a data model of maps, lists and strings. */
  public Optional<String> render(String name, Map<String, Object> model, java.util.List<Problem> problems) {
    try {
      Template t = cache.get(name);
      if (t == null) {
        t = cfg.getTemplate(name);
        cache.put(name, t);
      }
      StringWriter out = new StringWriter(8192);
      t.process(model, out);
      return Optional.of(out.toString());
    } catch (ParseException e) {
      problems.add(syntax(e));
    } catch (TemplateException e) {
      String src = e.getTemplateSourceName() != null ? e.getTemplateSourceName() : name;
      int line = e.getLineNumber() != null ? e.getLineNumber() : 0;
      int col = e.getColumnNumber() != null ? e.getColumnNumber() : 0;
      String blamed = e.getBlamedExpressionString();
      String msg = e instanceof freemarker.core.InvalidReferenceException && blamed != null
          ? "'" + blamed + "' is missing or null in the data given to " + name
          : firstLine(e.getMessageWithoutStackTop());
      problems.add(Problem.error(SourcePos.template(src, line, col), "template-error", msg));
    } catch (StackOverflowError e) {
      // A macro, function or #include that calls itself without end is the template author's
      // mistake, not errorkb's (issue 12): Freemarker has no depth limit, so the stack is the limit.
      problems.add(Problem.error(SourcePos.template(name, 0, 0), "template-recursion",
          "rendering " + name + " recursed without end: a macro, function or #include that calls itself?"));
    } catch (freemarker.template.TemplateNotFoundException e) {
      problems.add(Problem.error(SourcePos.template(name, 0, 0), "template-missing", "template not found"));
    } catch (IOException e) {
      // Freemarker remembers a failed load: every later request for the template (another page,
      // another thread) gets "error loading the template on an earlier attempt" with the cause.
      if (e.getCause() instanceof ParseException pe) {
        problems.add(syntax(pe));
        return Optional.empty();
      }
      throw new UncheckedIOException(e);
    }
    return Optional.empty();
  }

  private static Problem syntax(ParseException e) {
    return Problem.error(SourcePos.template(e.getTemplateName(), e.lineNumber, e.columnNumber),
        "template-syntax", firstLine(e.getEditorMessage()));
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "template error";
    }
    String t = s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl).strip();
  }
}
