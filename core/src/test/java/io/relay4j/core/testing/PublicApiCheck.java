package io.relay4j.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The public-API rule of the build: a type a user can reach (public, in a package without {@code internal} in its
 * name, reachable through public or protected members) never names an {@code internal} type in its signature: not
 * as a supertype, a field, a parameter, a return type, a thrown type or a type argument. Each library module runs it
 * over its own compiled classes, so a leak fails that module's tests.
 */
public final class PublicApiCheck {

    private PublicApiCheck() {
    }

    /**
     * Every violation among the classes compiled into the output folder that holds {@code anchor}, one line each
     * ({@code Type.member -> internal type}); empty when the module's public API is clean.
     */
    public static List<String> violationsInModuleOf(Class<?> anchor) {
        return violationsAmong(publicApiTypes(anchor));
    }

    /** Every violation in the signatures of these types, one line each. */
    public static List<String> violationsAmong(List<Class<?>> types) {
        List<String> found = new ArrayList<>();
        for (Class<?> type : types) {
            inspect(type, found);
        }
        return found;
    }

    /** The module's user-reachable types: public top-level and nested types outside {@code internal} packages. */
    public static List<Class<?>> publicApiTypes(Class<?> anchor) {
        Path root = classesRoot(anchor);
        TreeSet<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> p.toString().endsWith(".class"))
                    .map(p -> root.relativize(p).toString())
                    .filter(n -> !n.endsWith("package-info.class") && !n.endsWith("module-info.class"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.').replace('\\', '.'))
                    .forEach(names::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Class<?>> types = new ArrayList<>();
        for (String name : names) {
            Class<?> type = load(name, anchor.getClassLoader());
            if (isUserReachable(type)) {
                types.add(type);
            }
        }
        return types;
    }

    /**
     * The public-type count the README's module table gives for {@code module} (its last column), read from the
     * README at the repository's root, one folder above the module's own (Maven runs each module's tests there).
     */
    public static int readmeCount(String module) {
        Path readme = Path.of("..", "README.md");
        String prefix = "| `" + module + "` |";
        try (Stream<String> lines = Files.lines(readme)) {
            String row = lines.filter(l -> l.startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new AssertionError("README's module table has no row for " + module));
            String cells = row.substring(0, row.lastIndexOf('|'));
            return Integer.parseInt(cells.substring(cells.lastIndexOf('|') + 1).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isUserReachable(Class<?> type) {
        if (isInternal(type) || type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic()) {
            return false;
        }
        for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
            if (!Modifier.isPublic(t.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    private static void inspect(Class<?> type, List<String> found) {
        String where = type.getName();
        check(type.getGenericSuperclass(), where + " (supertype)", found);
        for (Type i : type.getGenericInterfaces()) {
            check(i, where + " (interface)", found);
        }
        boolean extendable = !Modifier.isFinal(type.getModifiers());
        for (Field f : type.getDeclaredFields()) {
            if (visible(f, extendable)) {
                check(f.getGenericType(), where + "." + f.getName(), found);
            }
        }
        if (type.isRecord()) {
            for (RecordComponent c : type.getRecordComponents()) {
                check(c.getGenericType(), where + "." + c.getName() + "()", found);
            }
        }
        for (Method m : type.getDeclaredMethods()) {
            if (visible(m, extendable) && !m.isSynthetic() && !m.isBridge()) {
                check(m.getGenericReturnType(), where + "." + m.getName() + "() return", found);
                checkExecutable(m, where + "." + m.getName() + "()", found);
            }
        }
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            if (visible(c, extendable) && !c.isSynthetic()) {
                checkExecutable(c, where + ".<init>", found);
            }
        }
    }

    private static boolean visible(Member member, boolean extendable) {
        int mods = member.getModifiers();
        return Modifier.isPublic(mods) || (extendable && Modifier.isProtected(mods));
    }

    private static void checkExecutable(Executable e, String where, List<String> found) {
        for (Type p : e.getGenericParameterTypes()) {
            check(p, where + " parameter", found);
        }
        for (Type x : e.getGenericExceptionTypes()) {
            check(x, where + " throws", found);
        }
    }

    private static void check(Type type, String where, List<String> found) {
        if (type == null) {
            return;
        }
        if (type instanceof Class<?> c) {
            Class<?> element = c;
            while (element.isArray()) {
                element = element.getComponentType();
            }
            if (isInternal(element)) {
                found.add(where + " -> " + element.getName());
            }
        } else if (type instanceof ParameterizedType p) {
            check(p.getRawType(), where, found);
            for (Type a : p.getActualTypeArguments()) {
                check(a, where, found);
            }
        } else if (type instanceof GenericArrayType g) {
            check(g.getGenericComponentType(), where, found);
        } else if (type instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) {
                check(b, where, found);
            }
            for (Type b : w.getLowerBounds()) {
                check(b, where, found);
            }
        } else if (type instanceof TypeVariable<?> v) {
            // a self-referential bound (B extends Builder<B>) would recurse for ever: check only its raw classes
            for (Type b : v.getBounds()) {
                check(b instanceof ParameterizedType p ? p.getRawType() : b, where, found);
            }
        }
    }

    private static boolean isInternal(Class<?> type) {
        String pkg = type.getPackageName();
        return pkg.startsWith("io.relay4j.") && (pkg.endsWith(".internal") || pkg.contains(".internal."));
    }

    private static Path classesRoot(Class<?> anchor) {
        try {
            return Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the classes of " + anchor.getName(), e);
        }
    }

    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("compiled class " + name + " cannot be loaded", e);
        }
    }
}
