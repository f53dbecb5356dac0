package io.procpool.itapps.boot;

import io.procpool.WorkerPool;
import io.procpool.itapps.lib.LibSum;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot application that uses procpool with default settings (or, with the argument
 * {@code app-jar-classpath}, with {@code classpath(<this jar>)}). Prints one line per task
 * class ({@code classes: 25 37 ...}, {@code lib: ...}) and the worker pids ({@code workers: ...}),
 * which the integration test checks are gone after the app exits.
 */
@SpringBootApplication
public class BootApp implements CommandLineRunner {
    static final List<Integer> SEEDS = List.of(10, 22, 35, 4, 532, 12, 42, 53, 23);

    public static void main(String[] args) {
        SpringApplication.run(BootApp.class, args);
    }

    @Override
    public void run(String... args) {
        List<Map<String, Integer>> params = SEEDS.stream().map(x -> Map.of("param1", x, "param2", 15))
                .collect(Collectors.toList());
        // "app-jar-classpath": the user names the executable jar itself as the worker classpath
        boolean appJar = List.of(args).contains("app-jar-classpath");
        try (WorkerPool pool = appJar ? WorkerPool.builder().classpath(System.getProperty("java.class.path")).open()
                : WorkerPool.open()) {
            System.out.println("workers: " + pool.workerPids().stream().map(String::valueOf)
                    .collect(Collectors.joining(" ")));
            System.out.println("classes: " + pool.map(AppSum.class, params).map(r -> String.valueOf(r.get("sum")))
                    .collect(Collectors.joining(" ")));
            System.out.println("lib: " + pool.map(LibSum.class, params).map(r -> String.valueOf(r.get("sum")))
                    .collect(Collectors.joining(" ")));
        }
    }
}
